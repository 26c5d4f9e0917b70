#include <cstdio>
#include <tuple>

#include "core/json_writer.h"
#include "history/render.h"

namespace glexia::history {
namespace {

std::string Label(const ObjectRef& ref) {
  std::string out = ref.attack_id.empty() ? ref.stix_id : ref.attack_id;
  if (!ref.name.empty()) out += " " + ref.name;
  return out;
}

void WriteRef(JsonWriter& w, std::string_view key, const ObjectRef& ref) {
  w.Key(key).BeginObject();
  w.FieldOrNull("id", ref.attack_id).Field("stix_id", ref.stix_id).FieldOrNull("name", ref.name);
  w.FieldOrNull("type", ref.type).EndObject();
}

std::string WordDiffText(const std::vector<WordPiece>& words) {
  std::string out;
  for (const auto& p : words) {
    if (!out.empty()) out.push_back(' ');
    switch (p.op) {
      case WordPiece::Op::kSame: out += p.text; break;
      case WordPiece::Op::kAdded: out += "{+" + p.text + "+}"; break;
      case WordPiece::Op::kRemoved: out += "[-" + p.text + "-]"; break;
    }
  }
  return out;
}

}  // namespace

std::string HistoryText(const ObjectHistory& h) {
  std::string out = Label(h.object) + " (" + h.object.stix_id + ") in " + h.domain + "\n\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-8s %-8s %-26s %-11s %-8s %s\n", "release", "version", "modified", "status",
                "changed", "raw sha256");
  out += line;
  for (const auto& e : h.entries) {
    bool absent = e.status == ObjectStatus::kAbsent;
    std::snprintf(line, sizeof line, "%-8s %-8s %-26s %-11s %-8s %s", e.release.version.c_str(),
                  absent ? "-" : (e.object.version.empty() ? "none" : e.object.version.c_str()),
                  absent ? "-" : e.object.modified.c_str(), std::string(ObjectStatusName(e.status)).c_str(),
                  absent ? "-" : (e.changed_since_previous ? "yes" : "no"), absent ? "-" : e.object.sha256.c_str());
    out += line;
    if (e.status == ObjectStatus::kRevoked && !e.revoked_by.stix_id.empty()) {
      out += "  revoked by " + Label(e.revoked_by);
    }
    out += "\n";
  }
  return out;
}

std::string HistoryJson(const ObjectHistory& h) {
  JsonWriter w;
  w.BeginObject();
  w.FieldOrNull("id", h.object.attack_id).Field("stix_id", h.object.stix_id).Field("name", h.object.name);
  w.Field("type", h.object.type).Field("domain", h.domain);
  w.Key("releases").BeginArray();
  for (const auto& e : h.entries) {
    bool absent = e.status == ObjectStatus::kAbsent;
    w.BeginObject().Field("release", e.release.version).Field("status", ObjectStatusName(e.status));
    if (absent) {
      w.Key("version").Null().Key("modified").Null().Key("sha256").Null().Key("changed_since_previous").Null();
    } else {
      w.FieldOrNull("version", e.object.version).Field("modified", e.object.modified);
      w.Field("sha256", e.object.sha256).Field("changed_since_previous", e.changed_since_previous);
    }
    if (e.status == ObjectStatus::kRevoked) {
      if (e.revoked_by.stix_id.empty()) {
        w.Key("revoked_by").Null();
      } else {
        WriteRef(w, "revoked_by", e.revoked_by);
      }
    }
    w.EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

std::string ComparisonText(const ObjectComparison& c) {
  std::string out = Label(c.object) + ": " + c.from.domain + " " + c.from.version + " → " + c.to.version + "\n";
  if (!c.in_from) out += "  not in " + c.from.version + "\n";
  if (!c.in_to) out += "  not in " + c.to.version + "\n";
  if (c.in_from && c.in_to) {
    out += "  version " + (c.from_object.version.empty() ? "none" : c.from_object.version) + " → " +
           (c.to_object.version.empty() ? "none" : c.to_object.version) + "; ";
    out += c.same_bytes ? "identical bytes\n" : (c.same_value ? "same value (formatting differs only)\n" : "changed\n");
  }
  if (!c.fields.empty()) out += "\nFields\n";
  for (const auto& f : c.fields) {
    out += "  " + std::string(FieldChangeKindName(f.kind)) + " " + f.field;
    if (f.is_set) {
      out += "\n";
      for (const auto& item : f.items_added) out += "    + " + item + "\n";
      for (const auto& item : f.items_removed) out += "    - " + item + "\n";
    } else if (!f.words.empty() && f.kind == FieldChange::Kind::kChanged) {
      out += ": " + WordDiffText(f.words) + "\n";
    } else {
      out += ": " + (f.old_value.empty() ? "" : f.old_value) + (f.kind == FieldChange::Kind::kChanged ? " → " : "") +
             f.new_value + "\n";
    }
  }
  for (auto [title, list] : {std::pair{"Relationships gained", &c.gained}, std::pair{"Relationships lost", &c.lost}}) {
    if (list->empty()) continue;
    out += std::string("\n") + title + "\n";
    for (const auto& d : *list) out += "  " + d.group + ": " + Label(d.other) + " (" + d.relationship_type + ")\n";
  }
  return out;
}

std::string ComparisonJson(const ObjectComparison& c) {
  JsonWriter w;
  w.BeginObject();
  w.FieldOrNull("id", c.object.attack_id).Field("stix_id", c.object.stix_id).Field("name", c.object.name);
  w.Field("type", c.object.type).Field("domain", c.from.domain);
  for (auto [key, present, release, obj] :
       {std::tuple{"from", c.in_from, &c.from, &c.from_object}, std::tuple{"to", c.in_to, &c.to, &c.to_object}}) {
    w.Key(key).BeginObject().Field("release", release->version).Field("present", present);
    if (present) {
      w.FieldOrNull("version", obj->version).Field("modified", obj->modified).Field("sha256", obj->sha256);
      w.Field("revoked", obj->revoked).Field("deprecated", obj->deprecated);
    }
    w.EndObject();
  }
  w.Field("same_bytes", c.same_bytes).Field("same_value", c.same_value);
  w.Key("fields").BeginArray();
  for (const auto& f : c.fields) {
    w.BeginObject().Field("field", f.field).Field("change", FieldChangeKindName(f.kind));
    w.Key("old");
    f.old_value.empty() ? w.Null() : w.Raw(f.old_value);
    w.Key("new");
    f.new_value.empty() ? w.Null() : w.Raw(f.new_value);
    if (f.is_set) {
      w.Key("items_added").BeginArray();
      for (const auto& item : f.items_added) w.Raw(item);
      w.EndArray().Key("items_removed").BeginArray();
      for (const auto& item : f.items_removed) w.Raw(item);
      w.EndArray();
    }
    if (!f.words.empty()) {
      w.Key("words").BeginArray();
      for (const auto& p : f.words) {
        const char* op = p.op == WordPiece::Op::kSame ? "same" : (p.op == WordPiece::Op::kAdded ? "added" : "removed");
        w.BeginObject().Field("op", op).Field("text", p.text).EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  for (auto [key, list] : {std::pair{"relationships_gained", &c.gained}, std::pair{"relationships_lost", &c.lost}}) {
    w.Key(key).BeginArray();
    for (const auto& d : *list) {
      w.BeginObject().Field("group", d.group).Field("relationship_type", d.relationship_type);
      w.Field("direction", d.direction).Field("relationship_id", d.relationship_id);
      WriteRef(w, "object", d.other);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return w.Take();
}

}  // namespace glexia::history
