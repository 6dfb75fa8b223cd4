# Export tests (included by gui_tests.cmake): the real binary renders recordings and lessons
# offscreen under xvfb-run, and export_check reads the files back with giflib and libpng (ffprobe for
# MP4). Small pictures (320x180) keep them quick.
add_executable(gui_export_check ${CMAKE_SOURCE_DIR}/tests/gui/export_check.cpp)
target_link_libraries(gui_export_check PRIVATE PNG::PNG GIF::GIF)

set(MBRL_EXPORT_RUN ${CMAKE_SOURCE_DIR}/tests/gui/export_run.sh)
set(MBRL_EXPORT_OUT ${CMAKE_BINARY_DIR}/gui-tests/export)
add_test(NAME "export: run --export GIF of 100 steps every 2 reads back with giflib (320x180, 50 frames, loop, provenance)"
         COMMAND sh ${MBRL_EXPORT_RUN} gif $<TARGET_FILE:mbrl-playground> $<TARGET_FILE:gui_export_check>
                 ${MBRL_EXPORT_OUT}/gif)
add_test(NAME "export: run --export MP4 of 100 steps reads back with ffprobe (320x180, 100 frames, yuv420p)"
         COMMAND sh ${MBRL_EXPORT_RUN} mp4 $<TARGET_FILE:mbrl-playground> $<TARGET_FILE:gui_export_check>
                 ${MBRL_EXPORT_OUT}/mp4)
set_tests_properties("export: run --export MP4 of 100 steps reads back with ffprobe (320x180, 100 frames, yuv420p)"
                     PROPERTIES SKIP_RETURN_CODE 77)
add_test(NAME "export: PNG frames carry provenance and show the samples (navigation x cem)"
         COMMAND sh ${MBRL_EXPORT_RUN} png $<TARGET_FILE:mbrl-playground> $<TARGET_FILE:gui_export_check>
                 ${MBRL_EXPORT_OUT}/png)
add_test(NAME "export: replay FILE --export --panels draws the window's layout for every step"
         COMMAND sh ${MBRL_EXPORT_RUN} replay $<TARGET_FILE:mbrl-playground> $<TARGET_FILE:gui_export_check>
                 ${MBRL_EXPORT_OUT}/replay)
add_test(NAME "export: lesson play mppi-lambda --export gives one frame per env step of its runs"
         COMMAND sh ${MBRL_EXPORT_RUN} lesson $<TARGET_FILE:mbrl-playground> $<TARGET_FILE:gui_export_check>
                 ${MBRL_EXPORT_OUT}/lesson ${CMAKE_SOURCE_DIR}/assets/lessons/mppi-lambda.json)
add_test(NAME "export: without a display run --export says so in one line and writes nothing"
         COMMAND sh ${MBRL_EXPORT_RUN} nodisplay $<TARGET_FILE:mbrl-playground> ${MBRL_EXPORT_OUT}/nodisplay)
set_tests_properties(
  "export: run --export GIF of 100 steps every 2 reads back with giflib (320x180, 50 frames, loop, provenance)"
  "export: run --export MP4 of 100 steps reads back with ffprobe (320x180, 100 frames, yuv420p)"
  "export: PNG frames carry provenance and show the samples (navigation x cem)"
  "export: replay FILE --export --panels draws the window's layout for every step"
  "export: lesson play mppi-lambda --export gives one frame per env step of its runs"
  "export: without a display run --export says so in one line and writes nothing"
  PROPERTIES TIMEOUT 120 LABELS gui)

# The exports' GL-free parts (ranges, provenance, palette hints, default folder) and the lesson
# session played without its worker, as doctests.
add_executable(unit_gui_export ${CMAKE_SOURCE_DIR}/tests/gui/unit/test_export_plan.cpp
               ${CMAKE_SOURCE_DIR}/app/gui/export/export_plan.cpp ${CMAKE_SOURCE_DIR}/app/gui/lesson_session.cpp
               ${CMAKE_SOURCE_DIR}/app/gui/engine_view.cpp)
target_link_libraries(unit_gui_export PRIVATE mbrl_engine mbrl_media doctest_main Threads::Threads)
doctest_discover_tests(unit_gui_export TEST_PREFIX "gui export: ")
