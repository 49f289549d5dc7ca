# Traffic forecasts and incident detection (issue 7).
target_sources(cityops_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/widecsv.cpp
  ${CMAKE_CURRENT_LIST_DIR}/forecastmetrics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/speedforecaster.cpp
)
target_sources(cityops_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/incidentdetector.cpp)
target_sources(cityops_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/incidentevaluation.cpp)
target_sources(cityops_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/speedgraph.cpp)
