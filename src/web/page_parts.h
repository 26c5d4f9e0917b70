// Building blocks shared by the web layer's pages: the render environment,
// links, Markdown with per-page citations, and the sections every object page
// carries (banner, version table, raw object, references).
//
// A PageEnv lives for one render on one thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "server/app.h"
#include "web/html.h"
#include "web/markdown.h"

namespace glexia::web {

struct PageEnv {
  server::App& app;
  std::shared_ptr<const model::ReleaseModel> model;
  std::vector<store::ReleaseInfo> releases;  // every imported release, all domains
  Citations citations;

  const store::ReleaseInfo& release() const { return model->release(); }
  // "?release=18.1&domain=enterprise-attack", raw.
  std::string Query() const;
  PageContext Context(std::string title, std::string path) const;

  // Link to an object as of this release; text defaults to its ATT&CK ID.
  std::string Link(const model::Object& object, std::string_view text = "") const;
  // "<a>T1591</a> Gather Victim Org Information" style, both linked.
  std::string IdAndName(const model::Object& object) const;
  // Markdown → safe HTML; citation markers numbered into this page's list,
  // resolved against `refs` then `fallback`.
  std::string Markdown(std::string_view text, const std::vector<model::ExternalReference>* refs,
                       const std::vector<model::ExternalReference>* fallback = nullptr);
  // First paragraph, citation markers removed: a short summary.
  std::string Summary(std::string_view text) const;
};

// <section class="card" id="..."><h2>title</h2>inner</section>
std::string Section(std::string_view id, std::string_view title, std::string_view inner_html);
// <p class="muted none">text</p> for an honest "none in this release".
std::string None(std::string_view text);
// "2020-10-02" with the full timestamp on hover.
std::string DateHtml(std::string_view iso);
// Comma-separated escaped values, or an em dash.
std::string JoinEscaped(const std::vector<std::string>& values);
std::string StatusPill(const model::Object& object);

// Deprecated / revoked banner (with the replacement link); "" when active.
std::string Banner(PageEnv& env, const model::Object& object);
// The "Object version and sync metadata" section.
std::string VersionSection(PageEnv& env, const model::Object& object);
// The "Mirrored ATT&CK source object" section.
std::string RawSection(PageEnv& env, const model::Object& object);
// The "External references and citations" section; adds the object's
// uncited references after the cited ones.
std::string ReferencesSection(PageEnv& env, const model::Object& object);
// Every active relationship of the object both ways, in a table.
std::string AllRelationshipsSection(PageEnv& env, const model::Object& object);

}  // namespace glexia::web
