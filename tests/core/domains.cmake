# Parking forecast and guidance, service load and queueing (core/predict/domains.cmake).
cityops_add_test(tst_erlang SOURCES tst_erlang.cpp LIBS CityOps::core TIMEOUT 60)
cityops_add_test(tst_parkingforecast SOURCES tst_parkingforecast.cpp LIBS CityOps::core TIMEOUT 60)
cityops_add_test(tst_parkingguidance SOURCES tst_parkingguidance.cpp LIBS CityOps::core TIMEOUT 60)
cityops_add_test(tst_serviceload SOURCES tst_serviceload.cpp LIBS CityOps::core TIMEOUT 60)
