// mtls-doctor: finds, explains and prevents mutual-TLS failures.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
  try {
    mtlsdoctor::core::SystemClock clock;
    const mtlsdoctor::cli::Io io{std::cout, std::cerr, isatty(STDOUT_FILENO) == 1, isatty(STDERR_FILENO) == 1,
                                 STDOUT_FILENO};
    return mtlsdoctor::cli::run(argc, argv, io, clock);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtls-doctor: internal error: %s\n", e.what());
    return 2;
  }
}
