# eval signals / bench signals (issue 8). SUMO is linked here only, never into cityops_core.
target_sources(cityops-cli PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/eval_signals.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/eval_signals_city.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/sumo_signals.cpp)
# Debian's sumo package ships libtracicpp and its headers but no CMake package configuration.
find_package(SUMO QUIET COMPONENTS libtracicpp)
if(TARGET SUMO::libtracicpp)
  target_link_libraries(cityops-cli PRIVATE SUMO::libtracicpp)
else()
  find_library(CITYOPS_TRACICPP_LIBRARY NAMES tracicpp libtracicpp REQUIRED)
  find_path(CITYOPS_LIBSUMO_INCLUDE_DIR NAMES libsumo/libtraci.h REQUIRED)
  target_link_libraries(cityops-cli PRIVATE ${CITYOPS_TRACICPP_LIBRARY})
  target_include_directories(cityops-cli SYSTEM PRIVATE ${CITYOPS_LIBSUMO_INCLUDE_DIR})
endif()
# bench signals runs on the bundled demo city unless --scenario says otherwise.
set_property(SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/eval_signals_city.cpp APPEND PROPERTY COMPILE_DEFINITIONS
             CITYOPS_SIGNALS_DEMO_SCENARIO="${PROJECT_SOURCE_DIR}/resources/scenarios/zhengzhou")
