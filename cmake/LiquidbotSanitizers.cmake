# LIQUIDBOT_SANITIZE=ON instruments everything built below this point with ASan and UBSan.
if(LIQUIDBOT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# Fuzzers need coverage instrumentation in the library code they exercise, not only in the harness.
if(LIQUIDBOT_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LIQUIDBOT_BUILD_FUZZERS needs clang (libFuzzer)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
