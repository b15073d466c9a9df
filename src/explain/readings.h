// How an entry reads by who wrote the text (readings.cpp): explainer.cpp builds these readings
// once per knowledge base and picks one per match by the text's writer (writer_of()).
#pragma once

#include <optional>
#include <string_view>

#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/explain/knowledge_base.h"

namespace mtlsdoctor::explain::detail {

// A `judged-by: writer` entry in a client's text: the client judged the server.
[[nodiscard]] std::optional<Entry> as_judged_by_client(const Entry& e);
// The entry as read in the other end's log (a client's reading in a server's log).
[[nodiscard]] std::optional<Entry> as_read_by_other_end(const Entry& e);
// A program's own identity entry read as a server's.
[[nodiscard]] std::optional<Entry> as_servers_own_identity(const Entry& e);
// Whether a text about the writer's own certificate or key is a server's.
[[nodiscard]] bool servers_own_identity(std::string_view normalized, Writer writer);

}  // namespace mtlsdoctor::explain::detail
