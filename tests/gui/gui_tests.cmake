# GUI smoke tests: the real mbrl-playground binary under xvfb-run (included by CMakeLists.txt
# when the app is built). Each registered env x planner of matching kind plays, saves a
# screenshot and exits 0, and the PNG must show sampled trajectories in the world view; a
# 100000-sample plan must not stall the frame loop; a corrupt settings file is ignored with one
# message; without a display the app says so; an episode played in the window is the headless
# runner's episode, step for step.
find_program(MBRL_XVFB_RUN xvfb-run)
if(NOT MBRL_XVFB_RUN)
  message(STATUS "xvfb-run not found: GUI tests are not registered")
  return()
endif()

add_executable(gui_png_check ${CMAKE_SOURCE_DIR}/tests/gui/png_check.cpp)
target_link_libraries(gui_png_check PRIVATE PkgConfig::IMGUI)  # the imgui+stb pkg-config target: stb_image

set(MBRL_GUI_RUN ${CMAKE_SOURCE_DIR}/tests/gui/gui_run.sh)
set(MBRL_GUI_OUT ${CMAKE_BINARY_DIR}/gui-tests)
# Every env x planner of matching kind, as `mbrl-playground list envs|planners` gives them at test
# time (continuous envs x sampling planners, discrete envs x tree planners), in shards that run
# in parallel; each combination plays, saves a screenshot and must show its sampled trajectories
# (simulation paths for MCTS); the minimum pixel counts are in gui_run.sh (registry).
set(MBRL_GUI_SHARDS 3)
foreach(shard RANGE 1 ${MBRL_GUI_SHARDS})
  add_test(NAME "gui: registry smoke shard ${shard}/${MBRL_GUI_SHARDS}"
           COMMAND sh ${MBRL_GUI_RUN} registry ${shard} ${MBRL_GUI_SHARDS} $<TARGET_FILE:mbrl-playground>
                   $<TARGET_FILE:gui_png_check> ${MBRL_GUI_OUT})
  set_tests_properties("gui: registry smoke shard ${shard}/${MBRL_GUI_SHARDS}" PROPERTIES TIMEOUT 600 LABELS gui)
endforeach()

add_test(NAME "gui: 100000 samples x 200 steps per plan do not stall the frame loop"
         COMMAND sh ${MBRL_GUI_RUN} slowplan $<TARGET_FILE:mbrl-playground> ${MBRL_GUI_OUT})
add_test(NAME "gui: a recording opens at a chosen step and a window session replays identical"
         COMMAND sh ${MBRL_GUI_RUN} recording $<TARGET_FILE:mbrl-playground> ${MBRL_GUI_OUT}/recording)
set_tests_properties("gui: a recording opens at a chosen step and a window session replays identical"
                     PROPERTIES TIMEOUT 120 LABELS gui)
add_test(NAME "gui: corrupt settings file is ignored with a message"
         COMMAND sh ${MBRL_GUI_RUN} corrupt $<TARGET_FILE:mbrl-playground> $<TARGET_FILE:gui_png_check>
                 ${MBRL_GUI_OUT}/corrupt-settings.png)
add_test(NAME "gui: no display gives one line pointing to run"
         COMMAND sh ${MBRL_GUI_RUN} nodisplay $<TARGET_FILE:mbrl-playground>)
foreach(combo "pendulum;mppi" "cartpole;cem" "navigation;shooting")
  list(GET combo 0 env)
  list(GET combo 1 planner)
  add_test(NAME "gui: ${env} x ${planner} episode in the window equals the headless run"
           COMMAND sh ${MBRL_GUI_RUN} replay $<TARGET_FILE:mbrl-playground> ${env} ${planner})
  set_tests_properties("gui: ${env} x ${planner} episode in the window equals the headless run"
                       PROPERTIES TIMEOUT 90 LABELS gui)
endforeach()
set_tests_properties("gui: 100000 samples x 200 steps per plan do not stall the frame loop"
                     "gui: corrupt settings file is ignored with a message"
                     "gui: no display gives one line pointing to run" PROPERTIES TIMEOUT 90 LABELS gui)

# The window's GL-free logic (settings, camera, batch runs, the sample rasteriser) as doctests.
add_executable(unit_gui_logic ${CMAKE_SOURCE_DIR}/tests/gui/unit/test_gui_logic.cpp
               ${CMAKE_SOURCE_DIR}/app/gui/settings.cpp ${CMAKE_SOURCE_DIR}/app/gui/render/camera.cpp
               ${CMAKE_SOURCE_DIR}/app/gui/render/batch.cpp ${CMAKE_SOURCE_DIR}/app/gui/render/sample_raster.cpp)
target_link_libraries(unit_gui_logic PRIVATE mbrl_engine doctest_main nlohmann_json::nlohmann_json Threads::Threads)
doctest_discover_tests(unit_gui_logic TEST_PREFIX "gui logic: ")

# Learned model (issue 4): MBRL v1.5 live in the window on the pendulum: random data, a model
# trained in the background and swapped in, MPC through it, transitions appended.
add_test(NAME "gui: pendulum x mppi through a learned ensemble (MBRL v1.5) trains, plans and draws"
         COMMAND sh ${MBRL_GUI_RUN} learned $<TARGET_FILE:mbrl-playground> $<TARGET_FILE:gui_png_check> 150
                 ${MBRL_GUI_OUT}/pendulum-learned.png 120 --env pendulum --planner mppi --set samples=200
                 --set gui.max_speed=1 --set gui.stop_at=200 --set loop.random_episodes=2 --set loop.random_steps=30 --set model.epochs=10)
set_tests_properties("gui: pendulum x mppi through a learned ensemble (MBRL v1.5) trains, plans and draws"
                     PROPERTIES TIMEOUT 60 LABELS gui)
# The hill car: its coverage slice is position/velocity, the lectures' distribution-mismatch picture.
add_test(NAME "gui: hill x mppi through a learned ensemble (MBRL v1.5) trains, plans and draws"
         COMMAND sh ${MBRL_GUI_RUN} learned $<TARGET_FILE:mbrl-playground> $<TARGET_FILE:gui_png_check> 100
                 ${MBRL_GUI_OUT}/hill-learned.png 120 --env hill --planner mppi --set samples=200 --set model.members=3
                 --set gui.max_speed=1 --set gui.stop_at=200 --set loop.random_episodes=2 --set loop.random_steps=40 --set model.epochs=10)
set_tests_properties("gui: hill x mppi through a learned ensemble (MBRL v1.5) trains, plans and draws"
                     PROPERTIES TIMEOUT 60 LABELS gui)

# Lessons in the window: the bundled two-lane lesson on MPPI's lambda plays to its end, both lanes
# drawn side by side, its caption shown and its checks passed; a four-lane one (CEM and the horizon).
add_test(NAME "gui: lesson mppi-lambda plays to its end with both lanes and a caption"
         COMMAND sh ${MBRL_GUI_RUN} lesson $<TARGET_FILE:mbrl-playground> ${MBRL_GUI_OUT}/lesson-mppi-lambda.png
                 mppi-lambda 2)
add_test(NAME "gui: lesson cem-refits-and-horizon plays to its end with four lanes"
         COMMAND sh ${MBRL_GUI_RUN} lesson $<TARGET_FILE:mbrl-playground> ${MBRL_GUI_OUT}/lesson-cem.png
                 cem-refits-and-horizon 4)
set_tests_properties("gui: lesson mppi-lambda plays to its end with both lanes and a caption"
                     "gui: lesson cem-refits-and-horizon plays to its end with four lanes"
                     PROPERTIES TIMEOUT 120 LABELS gui)

# The window's lesson session (GL-free) as doctests.
add_executable(unit_gui_lesson ${CMAKE_SOURCE_DIR}/tests/gui/unit/test_lesson_session.cpp
               ${CMAKE_SOURCE_DIR}/app/gui/lesson_session.cpp ${CMAKE_SOURCE_DIR}/app/gui/engine_view.cpp)
target_link_libraries(unit_gui_lesson PRIVATE mbrl_engine doctest_main Threads::Threads)
doctest_discover_tests(unit_gui_lesson TEST_PREFIX "gui lesson: ")

# Exports (run/replay --export, lesson play --export) read back with giflib, libpng and ffprobe.
include(${CMAKE_SOURCE_DIR}/tests/gui/export_tests.cmake)
