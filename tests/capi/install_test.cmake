# capi.install: installs the build tree into a temporary prefix, then builds and runs consumers
# through find_package(liquidbot) (C ABI, C++ static, C++ shared) and through pkg-config
# (liquidbot-c from C, liquidbot from C++).
foreach(var BUILD_DIR WORK_DIR CONSUMER_DIR LIBDIR GENERATOR C_COMPILER CXX_COMPILER PKG_CONFIG)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install_test: -D${var}=... is required")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "install_test: `${command}` failed (${rc}):\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(file include/liquidbot/liquidbot.h include/liquidbot/lb_version.h include/liquidbot/u256.hpp
        ${LIBDIR}/cmake/liquidbot/liquidbotConfig.cmake ${LIBDIR}/pkgconfig/liquidbot-c.pc
        ${LIBDIR}/pkgconfig/liquidbot.pc)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "install_test: ${file} was not installed")
  endif()
endforeach()

# find_package(liquidbot)
run(${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/consumer -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
foreach(program consumer_c consumer_cpp_static consumer_cpp_shared)
  run(${WORK_DIR}/consumer/${program})
  message(STATUS "${program}: ${run_output}")
endforeach()

# pkg-config
set(pc_env PKG_CONFIG_PATH=${prefix}/${LIBDIR}/pkgconfig)
run(${CMAKE_COMMAND} -E env ${pc_env} ${PKG_CONFIG} --cflags --libs liquidbot-c)
string(STRIP "${run_output}" c_flags)
separate_arguments(c_flags UNIX_COMMAND "${c_flags}")
run(${C_COMPILER} -std=c99 -Wall -Wextra -pedantic -Werror ${CONSUMER_DIR}/consumer.c ${c_flags}
    -o ${WORK_DIR}/pc_consumer_c)
run(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${prefix}/${LIBDIR} ${WORK_DIR}/pc_consumer_c)
message(STATUS "pkg-config liquidbot-c: ${run_output}")
run(${CMAKE_COMMAND} -E env ${pc_env} ${PKG_CONFIG} --cflags --libs liquidbot)
string(STRIP "${run_output}" cxx_flags)
separate_arguments(cxx_flags UNIX_COMMAND "${cxx_flags}")
run(${CXX_COMPILER} -std=c++20 ${CONSUMER_DIR}/consumer.cpp ${cxx_flags} -o ${WORK_DIR}/pc_consumer_cpp)
run(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${prefix}/${LIBDIR} ${WORK_DIR}/pc_consumer_cpp)
message(STATUS "pkg-config liquidbot: ${run_output}")
