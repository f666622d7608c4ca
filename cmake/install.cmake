# Installation: libjrx (static and shared), libjitmem (static and shared),
# the headers, jrxgrep, jrx-explain (JRX_BUILD_TOOLS), the man pages and the
# PCRE2 migration guide (share/doc/jrx), a CMake package (jrx::jrx,
# jrx::jrx_static, jrx::jitmem, jrx::jitmem_static) and pkg-config files.
# The installed libraries are rebuilt from the in-tree targets' objects, so
# each source is compiled once; libjrx carries jitmem and the A64 assembler
# inside it, so consumers link one library. Everything is relocatable.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(JRX_PACKAGE_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/package)
set(JRX_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/jrx)

# jrx_package_library(TARGET OUTPUT_NAME STATIC|SHARED OBJECTS_OF target...)
# A library made of the objects of the given in-tree targets, placed in
# JRX_PACKAGE_OUTPUT_DIRECTORY so its name may equal an in-tree library's.
function(jrx_package_library target output_name type)
  set(objects "")
  foreach(source_target IN LISTS ARGN)
    list(APPEND objects $<TARGET_OBJECTS:${source_target}>)
  endforeach()
  add_library(${target} ${type} ${objects})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${output_name}
    ARCHIVE_OUTPUT_DIRECTORY ${JRX_PACKAGE_OUTPUT_DIRECTORY}
    LIBRARY_OUTPUT_DIRECTORY ${JRX_PACKAGE_OUTPUT_DIRECTORY})
  target_include_directories(${target} INTERFACE
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  if(type STREQUAL "SHARED")
    set_target_properties(${target} PROPERTIES
      VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
    # A dependency missing here would otherwise only show in consumers.
    if(NOT APPLE)
      target_link_options(${target} PRIVATE -Wl,--no-undefined)
    endif()
    target_link_libraries(${target} PRIVATE Threads::Threads)
  else()
    target_link_libraries(${target} INTERFACE Threads::Threads)
  endif()
endfunction()

jrx_package_library(jrx_shared jrx SHARED jrx jrx_a64 jitmem)
jrx_package_library(jrx_static jrx STATIC jrx jrx_a64 jitmem)
jrx_package_library(jitmem_shared jitmem SHARED jitmem)
jrx_package_library(jitmem_static jitmem STATIC jitmem)
set_target_properties(jrx_shared PROPERTIES EXPORT_NAME jrx)
set_target_properties(jrx_static PROPERTIES EXPORT_NAME jrx_static)
set_target_properties(jitmem_shared PROPERTIES EXPORT_NAME jitmem)
set_target_properties(jitmem_static PROPERTIES EXPORT_NAME jitmem_static)

install(TARGETS jrx_shared jrx_static jitmem_shared jitmem_static
  EXPORT jrxTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/jrx.h ${PROJECT_SOURCE_DIR}/include/jitmem.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS jrxgrep RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(JRX_BUILD_TOOLS)
  install(TARGETS jrx-explain RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(FILES ${PROJECT_SOURCE_DIR}/doc/jrxgrep.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/doc/jrx.3 DESTINATION ${CMAKE_INSTALL_MANDIR}/man3)
# jrx(3) points to the guide for PCRE2 users at its installed place.
install(FILES ${PROJECT_SOURCE_DIR}/doc/migrating-from-pcre2.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR})

install(EXPORT jrxTargets NAMESPACE jrx:: DESTINATION ${JRX_CMAKE_INSTALL_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/jrxConfig.cmake.in
  ${JRX_PACKAGE_OUTPUT_DIRECTORY}/jrxConfig.cmake
  INSTALL_DESTINATION ${JRX_CMAKE_INSTALL_DIR})
# 0.x releases promise nothing across minor versions.
write_basic_package_version_file(${JRX_PACKAGE_OUTPUT_DIRECTORY}/jrxConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${JRX_PACKAGE_OUTPUT_DIRECTORY}/jrxConfig.cmake
              ${JRX_PACKAGE_OUTPUT_DIRECTORY}/jrxConfigVersion.cmake
  DESTINATION ${JRX_CMAKE_INSTALL_DIR})

# pkg-config files find the prefix from their own location (${pcfiledir}),
# so `cmake --install --prefix` anywhere gives working files.
set(JRX_PKGCONFIG_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH JRX_PKGCONFIG_TO_PREFIX
  /prefix/${JRX_PKGCONFIG_INSTALL_DIR} /prefix)
foreach(package jrx jitmem)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${package}.pc.in
    ${JRX_PACKAGE_OUTPUT_DIRECTORY}/${package}.pc @ONLY)
  install(FILES ${JRX_PACKAGE_OUTPUT_DIRECTORY}/${package}.pc
    DESTINATION ${JRX_PKGCONFIG_INSTALL_DIR})
endforeach()
