target_sources(cityops-cli PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/eval_flood.cpp)
