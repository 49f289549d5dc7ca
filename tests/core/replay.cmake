# Record and replay (issue 6): determinism on the demo city, tampering, clips, seeks, bookmarks, gaps;
# bad files; session files and retention. The 24 h seek/speed figures are `cityops-cli bench replay`.
cityops_add_test(tst_replay SOURCES tst_replay.cpp LIBS CityOps::core TIMEOUT 240)
cityops_add_test(tst_replayfiles SOURCES tst_replayfiles.cpp LIBS CityOps::core TIMEOUT 120)
cityops_add_test(tst_sessionstore SOURCES tst_sessionstore.cpp LIBS CityOps::core TIMEOUT 60)
