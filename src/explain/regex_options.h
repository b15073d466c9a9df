// How the knowledge base's patterns, and the signs of who wrote a text, are compiled with RE2:
// caseless, leftmost-longest (an alternation reports its most specific alternative), within a
// memory budget that a long pasted text cannot exceed.
#pragma once

#include <re2/re2.h>

namespace mtlsdoctor::explain::detail {

inline RE2::Options kb_regex_options() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  o.set_longest_match(true);
  return o;
}

}  // namespace mtlsdoctor::explain::detail
