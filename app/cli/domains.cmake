target_sources(cityops-cli PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/eval_domains.cpp)
# eval service runs on the bundled demo city unless --scenario says otherwise.
set_property(SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/eval_domains.cpp APPEND PROPERTY COMPILE_DEFINITIONS
             CITYOPS_DEFAULT_SCENARIO="${PROJECT_SOURCE_DIR}/resources/scenarios/zhengzhou")
