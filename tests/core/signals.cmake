# Adaptive signal control (issue 8): safety property test, and a short check against real SUMO through
# cityops-cli (the full 10-seed RESCO evaluation is a benchmark: cityops-cli eval signals, see README).
cityops_add_test(tst_signalcontroller SOURCES tst_signalcontroller.cpp LIBS CityOps::core TIMEOUT 120)
cityops_add_test(tst_sumoeval SOURCES tst_sumoeval.cpp LIBS CityOps::core Qt6::Core TIMEOUT 180)
cityops_add_test(tst_whatif SOURCES tst_whatif.cpp LIBS CityOps::core TIMEOUT 120)
cityops_add_test(tst_greenwave SOURCES tst_greenwave.cpp LIBS CityOps::core TIMEOUT 60)
