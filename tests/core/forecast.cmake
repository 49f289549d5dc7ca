# Traffic forecasts and incident detection (core/predict, issue 7). The Los-loop evaluation itself is
# `cityops-cli eval forecast`; these tests check its metric code, a small slice and other data.
cityops_add_test(tst_speedforecaster SOURCES tst_speedforecaster.cpp LIBS CityOps::core Qt6::Core TIMEOUT 180)
cityops_add_test(tst_incidentdetector SOURCES tst_incidentdetector.cpp LIBS CityOps::core Qt6::Core TIMEOUT 180)
