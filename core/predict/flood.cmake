# Flood prediction: the fast surface-water solver, the predictor with its rain nowcast, and the
# evaluation cases (analytic and benchmark-style) shared by cityops-cli and the tests.
target_sources(cityops_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/floodsolver.cpp
  ${CMAKE_CURRENT_LIST_DIR}/floodpredictor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/floodcases.cpp
)
# The solver's loops are written to vectorise: -fopenmp-simd honours their `omp simd` reductions (no
# OpenMP runtime is involved), -O3 lets GCC vectorise them at all, and nothing here reads FP exception flags.
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/floodsolver.cpp PROPERTIES COMPILE_OPTIONS "-O3;-fopenmp-simd;-fno-trapping-math")
endif()
