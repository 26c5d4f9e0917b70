// ATT&CK Navigator layers (layer file format 4.5) built from a release model.
//
// Every layer carries versions {attack: the release's version, navigator,
// layer: "4.5"}, the release's domain, and links back to Glexia pages under
// `LayerOptions::base_url`. Pure functions of an immutable model: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "model/model.h"

namespace glexia::interop {

inline constexpr std::string_view kLayerFormatVersion = "4.5";
inline constexpr std::string_view kNavigatorVersion = "5.1.0";

struct LayerOptions {
  // Prefix of the Glexia links in the layer, e.g. "http://127.0.0.1:8080".
  // Navigator wants absolute URLs; empty means "http://127.0.0.1:8080".
  std::string base_url;
};

// A layer as JSON text plus a file name for downloads ("G0034-enterprise-attack-18.1.json").
struct Layer {
  std::string file_name;
  std::string json;
};

// Techniques a group, software or campaign uses (model::TechniquesUsedBy).
// Colour tells how (legend: direct, via software, via campaign; the first
// that applies wins), score = the number of ways (1-3). The comment holds the
// procedure text of the direct `uses` relationships and names the software
// and campaigns behind indirect use; metadata repeats that as name/value.
// InvalidArgument unless `actor` is a group, software or campaign.
Result<Layer> ActorLayer(const model::ReleaseModel& model, const model::Object& actor, const LayerOptions& options);

// Active techniques that list `platform` (case-insensitive), score 1.
// NotFound when no technique of the release has that platform.
Result<Layer> PlatformLayer(const model::ReleaseModel& model, std::string_view platform, const LayerOptions& options);

// Active techniques (and sub-techniques) of one tactic, annotated under that
// tactic only. InvalidArgument unless `tactic` is a tactic.
Result<Layer> TacticLayer(const model::ReleaseModel& model, const model::Object& tactic, const LayerOptions& options);

// Techniques used by any of `groups`; score = how many of them use it (any
// way), the comment lists them. InvalidArgument unless all are groups, or
// when the list is empty.
Result<Layer> OverlapLayer(const model::ReleaseModel& model, const std::vector<const model::Object*>& groups,
                           const LayerOptions& options);

}  // namespace glexia::interop
