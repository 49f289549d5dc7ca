# Adaptive signal control (issue 8): the phase-choice policies, the SUMO-style program machine and the
# adaptive controller for the CTM simulator. No SUMO here: the SUMO driver lives in app/cli.
target_sources(cityops_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/phasechooser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tlsprogram.cpp
  ${CMAKE_CURRENT_LIST_DIR}/adaptivecontroller.cpp
  ${CMAKE_CURRENT_LIST_DIR}/districtcontrol.cpp
  ${CMAKE_CURRENT_LIST_DIR}/whatif.cpp
  ${CMAKE_CURRENT_LIST_DIR}/greenwave.cpp
)
