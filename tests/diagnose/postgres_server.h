// A throwaway PostgreSQL for live tests: a fresh cluster made by initdb in a temp dir, TLS with
// the lab's server identity, client certificates checked against the lab's client CA and CRLs.
// The server is `postgres -D` itself (not pg_ctl), so its PID is ours to stop: SIGTERM, then
// SIGKILL. initdb and postgres refuse to run as root: as root, both run as the `postgres` user.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "support/run.h"

namespace mtlsdoctor::testsupport {

class PostgresServer {
 public:
  // Where initdb and postgres live (the newest /usr/lib/postgresql/N/bin, else PATH); empty
  // when PostgreSQL is not installed.
  [[nodiscard]] static std::filesystem::path bin_dir();

  // initdb with `superuser` as the bootstrap role (a role named like a lab certificate's CN),
  // and the TLS files of the lab at `lab` copied in. `error()` says what failed.
  PostgresServer(const std::filesystem::path& lab, const std::string& superuser);
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Starts on 127.0.0.1 and a free port with `hba` as pg_hba.conf and `settings` as extra
  // `-c name=value`; stops the server started before. False (see error()) when it did not come up.
  [[nodiscard]] bool start(const std::string& hba, const std::vector<std::string>& settings = {});
  void stop();

  [[nodiscard]] std::uint16_t port() const { return m_port; }
  [[nodiscard]] const std::string& error() const { return m_error; }
  [[nodiscard]] std::string log() const;  // the server's stderr

 private:
  [[nodiscard]] pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& log) const;
  void hand_over(const std::filesystem::path& path) const;  // to the user the server runs as

  TempDir m_dir{"mtlsd-pg"};
  std::filesystem::path m_bin;
  std::filesystem::path m_data;
  uid_t m_uid;
  gid_t m_gid;
  bool m_switch_user = false;
  bool m_created = false;  // initdb ran and the TLS files are in place
  pid_t m_pid = -1;
  std::uint16_t m_port = 0;
  std::string m_error;
};

}  // namespace mtlsdoctor::testsupport
