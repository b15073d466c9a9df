# mtlsd_module(NAME DEPS ...): one static library per concern, built from src/NAME/*.cpp,
# public headers under include/mtlsdoctor/NAME, private headers beside the sources.
function(mtlsd_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  if(NOT sources)
    message(STATUS "module ${name}: no sources yet, skipped")
    return()
  endif()
  add_library(mtlsd_${name} STATIC ${sources})
  target_include_directories(mtlsd_${name}
    PUBLIC ${PROJECT_SOURCE_DIR}/include
    PRIVATE ${PROJECT_SOURCE_DIR}/src/${name})
  target_link_libraries(mtlsd_${name} PUBLIC ${ARG_DEPS})
endfunction()
