#pragma once
// The server process and the other subcommands, independent of the command-line parser.
#include <string>

#include "app/config.hpp"

namespace yingbin::app {

// Runs the server until SIGTERM/SIGINT. Returns the process exit code.
int Serve(const Config& config);
// Applies pending migrations and exits.
int Migrate(const Config& config);
// Creates a user with one role; the password is read from standard input.
int UserAdd(const Config& config, const std::string& username, const std::string& role,
            const std::string& password);
// Online backup of the SQLite database to `path`.
int Backup(const Config& config, const std::string& path);
// Verifies the audit hash chain; exit 0 when intact, 1 when broken.
int AuditVerify(const Config& config);
// Prints every API route as JSON lines {"method","path","permission"}.
int PrintRoutes(const Config& config);

}  // namespace yingbin::app
