# The sanitizers' run-time settings for every test of a TFVIZ_SANITIZE build (included by
# tests/CMakeLists.txt and tests/fuzz/CMakeLists.txt). Compile flags are in CMakeLists.txt.
#
# ASan: leaks checked at exit (LeakSanitizer), use-after-return and initialization-order bugs
#   caught too, string functions checked over their whole argument.
# UBSan: a stack trace with every finding; the build already makes every finding fatal
#   (-fno-sanitize-recover=all), halt_on_error says so again for the run time.
# LSan: suppressions for leaks of Mesa, LLVM, EGL, GLFW or X11 only, each explained (lsan.supp;
#   none is needed today, thanks to the preload below).
set(TFVIZ_ASAN_OPTIONS
    "detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:strict_init_order=1")
set(TFVIZ_UBSAN_OPTIONS "print_stacktrace=1:halt_on_error=1")
set(TFVIZ_LSAN_OPTIONS
    "suppressions=${CMAKE_SOURCE_DIR}/tools/sanitizers/lsan.supp:print_suppressions=0")

# Mesa's EGL unloads its driver (dri/swrast_dri.so, which brings LLVM) in eglTerminate. What the
# driver's globals still pointed to then looks leaked, allocated from frames LSan can no longer
# name ("<unknown module>"), so no suppression can match them. Loading the driver for the whole
# run (LD_PRELOAD) keeps it mapped: its globals stay roots, those blocks are reachable, and any
# leak Mesa really has is reported with library names a suppression can match. Nothing is
# preloaded where the driver is not found (another Mesa layout, a GPU vendor's driver).
find_file(TFVIZ_MESA_DRIVER swrast_dri.so
          PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/dri /usr/lib64/dri /usr/lib/dri
          NO_DEFAULT_PATH)

# tfviz_sanitizer_env(OUT [LOG_PATH PREFIX] [KEEP_MESA_LOADED]): the environment (a list of
# NAME=VALUE) for a test. LOG_PATH: reports go to PREFIX.PID files instead of stderr, so that a
# finding in a process whose exit status or output a test script does not look at is still seen
# (tests/CMakeLists.txt). KEEP_MESA_LOADED: preload Mesa's driver, as explained above.
function(tfviz_sanitizer_env out)
  cmake_parse_arguments(PARSE_ARGV 1 arg "KEEP_MESA_LOADED" "LOG_PATH" "")
  set(log "")
  if(arg_LOG_PATH)
    set(log ":log_path=${arg_LOG_PATH}")
  endif()
  set(env "ASAN_OPTIONS=${TFVIZ_ASAN_OPTIONS}${log}" "UBSAN_OPTIONS=${TFVIZ_UBSAN_OPTIONS}${log}"
          "LSAN_OPTIONS=${TFVIZ_LSAN_OPTIONS}")
  if(arg_KEEP_MESA_LOADED AND TFVIZ_MESA_DRIVER)
    list(APPEND env "LD_PRELOAD=${TFVIZ_MESA_DRIVER}")
  endif()
  set(${out} "${env}" PARENT_SCOPE)
endfunction()
