# Parking availability forecast and guidance, service-load forecast and queueing (issue 9, parking and
# service parts). Included by core/CMakeLists.txt.
target_sources(cityops_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/erlang.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parkingdata.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parkingforecast.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parkingguidance.cpp
  ${CMAKE_CURRENT_LIST_DIR}/serviceload.cpp
  ${CMAKE_CURRENT_LIST_DIR}/servicestaffing.cpp
)
