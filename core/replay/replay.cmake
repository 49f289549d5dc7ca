# Record and replay (issue 6): state snapshots, the replay source, recordings, the replay controller,
# verification, clips and session files. Included by core/CMakeLists.txt.
target_sources(cityops_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/statecodec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/recording.cpp
  ${CMAKE_CURRENT_LIST_DIR}/replaysource.cpp
  ${CMAKE_CURRENT_LIST_DIR}/replaycontroller.cpp
  ${CMAKE_CURRENT_LIST_DIR}/verify.cpp
  ${CMAKE_CURRENT_LIST_DIR}/clip.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sessionstore.cpp
)
