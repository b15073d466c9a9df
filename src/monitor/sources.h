// The three kinds of items of a sweep, each added in configuration order.
#pragma once

#include <vector>

#include "mtlsdoctor/monitor/sweep.h"

namespace mtlsdoctor::monitor::detail {

struct OnlineChecks;

// Every certificate of a `files:` entry; what cannot be read is an unknown item.
void add_file_items(const FileSource& source, const Config& config, const SweepOptions& options, OnlineChecks& online,
                    const ItemSink& out, const ItemCount& coming);
// One item for an `identities:` entry (a client identity we present).
[[nodiscard]] Item identity_item(const IdentitySource& source, const Config& config, const SweepOptions& options,
                                 OnlineChecks& online);

// Every endpoint, probed through diagnose (bounded concurrency, deadlines); items in config order.
void add_endpoint_items(const Config& config, const SweepOptions& options, std::vector<Item>& out);

}  // namespace mtlsdoctor::monitor::detail
