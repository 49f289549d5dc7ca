# cityops_add_test(<name> SOURCES <files...> [LIBS <targets...>] [LABELS <labels...>] [XVFB] [TIMEOUT <s>])
# One QtTest executable per test, registered with ctest. XVFB runs it inside xvfb-run (real X server,
# OpenGL through Mesa llvmpipe) for tests that need a window or the scene graph.
set(CITYOPS_SHARED_DATA "${PROJECT_SOURCE_DIR}/../shared/data" CACHE PATH "Public reference datasets (read only)")

function(cityops_add_test name)
  cmake_parse_arguments(T "XVFB" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test ${T_LIBS})
  target_compile_definitions(${name} PRIVATE
    CITYOPS_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    CITYOPS_BINARY_DIR="${PROJECT_BINARY_DIR}"
    CITYOPS_SHARED_DATA="${CITYOPS_SHARED_DATA}"
    CITYOPS_CLI="$<TARGET_FILE:cityops-cli>")
  add_dependencies(${name} cityops-cli)
  cityops_set_warnings(${name})
  if(T_XVFB)
    add_test(NAME ${name} COMMAND xvfb-run -a -s "-screen 0 1920x1080x24" $<TARGET_FILE:${name}>)
  else()
    add_test(NAME ${name} COMMAND ${name})
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}"
                       ENVIRONMENT "QT_QPA_PLATFORM_PLUGIN_PATH=;SUMO_HOME=/usr/share/sumo")
endfunction()
