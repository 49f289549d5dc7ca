cityops_add_test(tst_scenarioloader SOURCES tst_scenarioloader.cpp LIBS CityOps::core)
