target_sources(cityops-cli PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/recordreplay.cpp ${CMAKE_CURRENT_SOURCE_DIR}/replay_bench.cpp)
# bench replay records the bundled demo city when no --scenario is given.
set_property(SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/replay_bench.cpp APPEND PROPERTY COMPILE_DEFINITIONS
             CITYOPS_DEMO_SCENARIO="${PROJECT_SOURCE_DIR}/resources/scenarios/zhengzhou")
