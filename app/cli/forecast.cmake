target_sources(cityops-cli PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/eval_forecast.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/eval_forecast_incidents.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/eval_forecast_bench.cpp
)
# bench forecast runs on the demo city unless --scenario names another.
set_source_files_properties(${CMAKE_CURRENT_SOURCE_DIR}/eval_forecast_bench.cpp PROPERTIES
  COMPILE_DEFINITIONS "CITYOPS_DEMO_SCENARIO=\"${PROJECT_SOURCE_DIR}/resources/scenarios/zhengzhou\"")
