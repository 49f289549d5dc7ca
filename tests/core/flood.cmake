# The flood predictor (core/predict/flood*): analytic cases, nowcast and a small lead-time check.
cityops_add_test(tst_flood SOURCES tst_flood.cpp LIBS CityOps::core TIMEOUT 120)
