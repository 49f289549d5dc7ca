# The traffic simulator (core/sim/ctm, demand, signalplan): tests, and the 24 h speed benchmark, which is an
# executable only (run it by hand or from CI's benchmark job; it prints JSON).
cityops_add_test(tst_ctm SOURCES tst_ctm.cpp LIBS CityOps::core)

add_executable(bench_sim ${CMAKE_CURRENT_SOURCE_DIR}/../bench/bench_sim.cpp)
target_link_libraries(bench_sim PRIVATE CityOps::core)
cityops_set_warnings(bench_sim)
