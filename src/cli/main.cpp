// mtls-doctor: finds, explains and prevents mutual-TLS failures.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <iostream>

#include "allocator.h"
#include "commands.h"

int main(int argc, char** argv) {
  try {
    mtlsdoctor::cli::prefer_huge_pages();
    mtlsdoctor::core::SystemClock clock;
    const mtlsdoctor::cli::Io io{std::cout, std::cerr, isatty(STDOUT_FILENO) == 1, isatty(STDERR_FILENO) == 1,
                                 STDOUT_FILENO};
    return mtlsdoctor::cli::run(argc, argv, io, clock);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtls-doctor: internal error: %s\n", e.what());
    return 2;
  }
}
