#include "analysis/rules.h"

#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/file_io.h"

namespace glexia::analysis {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// Collects the context ("rule 'x' (rules[3])") so every message names the place.
class Checker {
 public:
  explicit Checker(std::string path) : path_(std::move(path)) {}
  void SetPlace(std::string place) { place_ = std::move(place); }
  Status Error(const std::string& problem) const {
    std::string msg = path_ + ": ";
    if (!place_.empty()) msg += place_ + ": ";
    return Status::InvalidArgument(msg + problem);
  }

 private:
  std::string path_;
  std::string place_;
};

Status ReadString(const Checker& c, element value, std::string_view field, std::string* out) {
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) {
    return c.Error("field '" + std::string(field) + "' must be a string");
  }
  *out = std::string(s);
  return Status::Ok();
}

Status ReadInt(const Checker& c, element value, std::string_view field, int* out) {
  int64_t n = 0;
  if (value.get_int64().get(n) != simdjson::SUCCESS || n < -1000 || n > 1000) {
    return c.Error("field '" + std::string(field) + "' must be an integer between -1000 and 1000");
  }
  *out = static_cast<int>(n);
  return Status::Ok();
}

Status ReadStrings(const Checker& c, element value, std::string_view field, std::vector<std::string>* out) {
  array items;
  if (value.get_array().get(items) != simdjson::SUCCESS) {
    return c.Error("field '" + std::string(field) + "' must be an array of strings");
  }
  for (element item : items) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) {
      return c.Error("field '" + std::string(field) + "' must be an array of strings");
    }
    if (s.empty()) return c.Error("field '" + std::string(field) + "' has an empty string");
    out->emplace_back(s);
  }
  return Status::Ok();
}

// Text must render cleanly: known placeholders only, no doubled spaces or punctuation.
Status CheckText(const Checker& c, std::string_view field, const std::string& text) {
  if (text.empty()) return c.Error("field '" + std::string(field) + "' has an empty text");
  size_t pos = 0;
  while ((pos = text.find_first_of("{}", pos)) != std::string::npos) {
    if (text[pos] == '}') return c.Error("field '" + std::string(field) + "' has an unmatched '}'");
    size_t end = text.find('}', pos);
    if (end == std::string::npos) return c.Error("field '" + std::string(field) + "' has an unmatched '{'");
    std::string_view name(text.data() + pos + 1, end - pos - 1);
    if (std::find(kPlaceholders.begin(), kPlaceholders.end(), name) == kPlaceholders.end()) {
      return c.Error("field '" + std::string(field) + "' uses unknown placeholder '{" + std::string(name) + "}'");
    }
    pos = end + 1;
  }
  for (std::string_view bad : {"  ", "..", ",,", " ,", " .", ";;"}) {
    if (text.find(bad) != std::string::npos) {
      return c.Error("field '" + std::string(field) + "' has doubled spaces or punctuation ('" + std::string(bad) +
                     "')");
    }
  }
  return Status::Ok();
}

Status CheckTexts(const Checker& c, std::string_view field, const std::vector<std::string>& texts) {
  for (const std::string& t : texts) GLEXIA_RETURN_IF_ERROR(CheckText(c, field, t));
  return Status::Ok();
}

bool IsIdLike(std::string_view s, std::string_view prefix, bool allow_sub) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  std::string_view rest = s.substr(prefix.size());
  size_t digits = 0;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
  if (digits != 4) return false;
  rest = rest.substr(4);
  if (rest.empty()) return true;
  return allow_sub && rest.size() == 4 && rest[0] == '.' &&
         std::all_of(rest.begin() + 1, rest.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
}

Status ParseVocabulary(const Checker& c, element value, Rules* rules) {
  object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) return c.Error("'vocabulary' must be an object");
  for (auto field : obj) {
    if (field.key == "tactics") {
      array items;
      if (field.value.get_array().get(items) != simdjson::SUCCESS) return c.Error("'tactics' must be an array");
      for (element item : items) {
        object t;
        if (item.get_object().get(t) != simdjson::SUCCESS) return c.Error("each tactic must be an object");
        TacticRef ref;
        for (auto f : t) {
          std::string* target = f.key == "id" ? &ref.id
                                : f.key == "shortname" ? &ref.shortname
                                : f.key == "domain"    ? &ref.domain
                                                       : nullptr;
          if (!target) return c.Error("tactic has unknown field '" + std::string(f.key) + "'");
          GLEXIA_RETURN_IF_ERROR(ReadString(c, f.value, f.key, target));
        }
        if (!IsIdLike(ref.id, "TA", false) || ref.shortname.empty() || ref.domain.empty()) {
          return c.Error("tactic '" + ref.id + "' needs id (TAnnnn), shortname and domain");
        }
        for (const TacticRef& seen : rules->tactics) {
          if (seen.id == ref.id) return c.Error("duplicate tactic id '" + ref.id + "'");
        }
        rules->tactics.push_back(std::move(ref));
      }
    } else if (field.key == "platforms") {
      GLEXIA_RETURN_IF_ERROR(ReadStrings(c, field.value, "platforms", &rules->platforms));
    } else {
      return c.Error("'vocabulary' has unknown field '" + std::string(field.key) + "'");
    }
  }
  return Status::Ok();
}

Status ParseScoring(const Checker& c, element value, Scoring* s) {
  object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) return c.Error("'scoring' must be an object");
  for (auto field : obj) {
    std::string_view k = field.key;
    if (k == "levels" || k == "prevalence") {
      array items;
      if (field.value.get_array().get(items) != simdjson::SUCCESS) {
        return c.Error("'" + std::string(k) + "' must be an array");
      }
      for (element item : items) {
        object o;
        if (item.get_object().get(o) != simdjson::SUCCESS) return c.Error("'" + std::string(k) + "' items must be objects");
        LevelThreshold level;
        PrevalenceStep step;
        for (auto f : o) {
          if (k == "levels" && f.key == "level") {
            GLEXIA_RETURN_IF_ERROR(ReadString(c, f.value, "level", &level.level));
          } else if (k == "levels" && f.key == "min_score") {
            GLEXIA_RETURN_IF_ERROR(ReadInt(c, f.value, "min_score", &level.min_score));
          } else if (k == "prevalence" && f.key == "min_users") {
            GLEXIA_RETURN_IF_ERROR(ReadInt(c, f.value, "min_users", &step.min_users));
          } else if (k == "prevalence" && f.key == "points") {
            GLEXIA_RETURN_IF_ERROR(ReadInt(c, f.value, "points", &step.points));
          } else {
            return c.Error("'" + std::string(k) + "' item has unknown field '" + std::string(f.key) + "'");
          }
        }
        if (k == "levels") s->levels.push_back(level); else s->prevalence.push_back(step);
      }
    } else {
      int* target = k == "follow_on_initial_access" ? &s->follow_on_initial_access
                    : k == "follow_on_impact"       ? &s->follow_on_impact
                    : k == "no_detection_guidance"  ? &s->no_detection_guidance
                    : k == "no_mitigation"          ? &s->no_mitigation
                    : k == "max_stage_points"       ? &s->max_stage_points
                    : k == "max_exposure_points"    ? &s->max_exposure_points
                                                    : nullptr;
      if (!target) return c.Error("'scoring' has unknown field '" + std::string(k) + "'");
      GLEXIA_RETURN_IF_ERROR(ReadInt(c, field.value, k, target));
    }
  }
  static const std::set<std::string> kLevels = {"critical", "high", "elevated", "moderate"};
  if (s->levels.empty()) return c.Error("'scoring.levels' must not be empty");
  for (size_t i = 0; i < s->levels.size(); ++i) {
    if (!kLevels.count(s->levels[i].level)) {
      return c.Error("unknown priority level '" + s->levels[i].level + "' (critical, high, elevated, moderate)");
    }
    if (i > 0 && s->levels[i].min_score >= s->levels[i - 1].min_score) {
      return c.Error("'scoring.levels' must be ordered by decreasing min_score");
    }
  }
  for (size_t i = 1; i < s->prevalence.size(); ++i) {
    if (s->prevalence[i].min_users >= s->prevalence[i - 1].min_users) {
      return c.Error("'scoring.prevalence' must be ordered by decreasing min_users");
    }
  }
  return Status::Ok();
}

Status ParseMatch(const Checker& c, element value, const Rules& rules, Match* m) {
  object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) return c.Error("'match' must be an object");
  for (auto field : obj) {
    std::string_view k = field.key;
    std::vector<std::string>* target = k == "domains"             ? &m->domains
                                       : k == "tactics"           ? &m->tactics
                                       : k == "platforms"         ? &m->platforms
                                       : k == "data_components"   ? &m->data_components
                                       : k == "linked_techniques" ? &m->linked_techniques
                                       : k == "description_cues"  ? &m->description_cues
                                       : k == "detection_cues"    ? &m->detection_cues
                                       : k == "assets"            ? &m->assets
                                                                  : nullptr;
    if (!target) return c.Error("'match' has unknown field '" + std::string(k) + "'");
    GLEXIA_RETURN_IF_ERROR(ReadStrings(c, field.value, k, target));
  }
  static const std::set<std::string> kDomains = {"enterprise-attack", "mobile-attack", "ics-attack"};
  for (const std::string& d : m->domains) {
    if (!kDomains.count(d)) return c.Error("unknown domain '" + d + "'");
  }
  for (const std::string& t : m->tactics) {
    bool known = std::any_of(rules.tactics.begin(), rules.tactics.end(), [&](const TacticRef& ref) {
      return t == ref.id || t == ref.shortname || t == ref.domain + ":" + ref.shortname;
    });
    if (!known) return c.Error("unknown tactic '" + t + "' (not in vocabulary.tactics)");
  }
  for (const std::string& p : m->platforms) {
    if (std::find(rules.platforms.begin(), rules.platforms.end(), p) == rules.platforms.end()) {
      return c.Error("unknown platform '" + p + "' (not in vocabulary.platforms)");
    }
  }
  for (const std::string& t : m->linked_techniques) {
    if (!IsIdLike(t, "T", true)) return c.Error("bad technique reference '" + t + "' (expected Tnnnn or Tnnnn.nnn)");
  }
  for (const std::string& d : m->data_components) {
    if (d.rfind("DC", 0) == 0 && !IsIdLike(d, "DC", false)) return c.Error("bad data component reference '" + d + "'");
  }
  for (std::vector<std::string>* cues : {&m->description_cues, &m->detection_cues}) {
    for (std::string& cue : *cues) {
      std::transform(cue.begin(), cue.end(), cue.begin(), [](unsigned char ch) { return std::tolower(ch); });
    }
  }
  return Status::Ok();
}

Status ParseRule(const Checker& c, element value, const Rules& rules, Rule* rule) {
  object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) return c.Error("a rule must be an object");
  bool has_match = false;
  for (auto field : obj) {
    std::string_view k = field.key;
    if (k == "id") {
      GLEXIA_RETURN_IF_ERROR(ReadString(c, field.value, k, &rule->id));
    } else if (k == "match") {
      has_match = true;
      GLEXIA_RETURN_IF_ERROR(ParseMatch(c, field.value, rules, &rule->match));
    } else if (k == "stage") {
      GLEXIA_RETURN_IF_ERROR(ReadString(c, field.value, k, &rule->stage));
    } else if (k == "stage_points") {
      GLEXIA_RETURN_IF_ERROR(ReadInt(c, field.value, k, &rule->stage_points));
    } else if (k == "exposure") {
      GLEXIA_RETURN_IF_ERROR(ReadString(c, field.value, k, &rule->exposure));
    } else if (k == "exposure_points") {
      GLEXIA_RETURN_IF_ERROR(ReadInt(c, field.value, k, &rule->exposure_points));
    } else if (k == "framing") {
      GLEXIA_RETURN_IF_ERROR(ReadString(c, field.value, k, &rule->framing));
      GLEXIA_RETURN_IF_ERROR(CheckText(c, k, rule->framing));
    } else if (k == "false_positives") {
      GLEXIA_RETURN_IF_ERROR(ReadStrings(c, field.value, k, &rule->false_positives));
      GLEXIA_RETURN_IF_ERROR(CheckTexts(c, k, rule->false_positives));
    } else if (k == "local_data") {
      GLEXIA_RETURN_IF_ERROR(ReadStrings(c, field.value, k, &rule->local_data));
      GLEXIA_RETURN_IF_ERROR(CheckTexts(c, k, rule->local_data));
    } else if (k == "sections") {
      object sections;
      if (field.value.get_object().get(sections) != simdjson::SUCCESS) return c.Error("'sections' must be an object");
      for (auto s : sections) {
        int index = SectionIndex(s.key);
        if (index < 0) return c.Error("unknown section '" + std::string(s.key) + "'");
        GLEXIA_RETURN_IF_ERROR(ReadStrings(c, s.value, s.key, &rule->sections[index]));
        GLEXIA_RETURN_IF_ERROR(CheckTexts(c, s.key, rule->sections[index]));
      }
    } else {
      return c.Error("unknown field '" + std::string(k) + "'");
    }
  }
  if (rule->id.empty()) return c.Error("missing 'id'");
  if (!has_match) return c.Error("missing 'match'");
  return Status::Ok();
}

}  // namespace

int SectionIndex(std::string_view key) {
  for (size_t i = 0; i < kSectionKeys.size(); ++i) {
    if (kSectionKeys[i] == key) return static_cast<int>(i);
  }
  return -1;
}

Result<Rules> ParseRules(std::string_view json, const std::string& path) {
  Checker c(path);
  simdjson::dom::parser parser;
  element root;
  if (auto err = parser.parse(json.data(), json.size()).get(root); err) {
    return c.Error(std::string("not valid JSON: ") + simdjson::error_message(err));
  }
  object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) return c.Error("top level must be an object");
  Rules rules;
  rules.path = path;
  // Vocabulary first: rules are checked against it wherever it stands in the file.
  element vocabulary;
  if (obj["vocabulary"].get(vocabulary) != simdjson::SUCCESS) return c.Error("missing 'vocabulary'");
  GLEXIA_RETURN_IF_ERROR(ParseVocabulary(c, vocabulary, &rules));
  bool has_scoring = false, has_rules = false;
  for (auto field : obj) {
    std::string_view k = field.key;
    if (k == "vocabulary") continue;
    if (k == "format") {
      int64_t format = 0;
      if (field.value.get_int64().get(format) != simdjson::SUCCESS || format != 1) {
        return c.Error("'format' must be 1");
      }
    } else if (k == "notices") {
      object notices;
      if (field.value.get_object().get(notices) != simdjson::SUCCESS) return c.Error("'notices' must be an object");
      for (auto n : notices) {
        if (std::find(kNoticeKeys.begin(), kNoticeKeys.end(), n.key) == kNoticeKeys.end()) {
          return c.Error("unknown notice '" + std::string(n.key) + "'");
        }
        std::string text;
        GLEXIA_RETURN_IF_ERROR(ReadString(c, n.value, n.key, &text));
        GLEXIA_RETURN_IF_ERROR(CheckText(c, n.key, text));
        rules.notices[std::string(n.key)] = text;
      }
    } else if (k == "description") {
      // Free text for humans.
    } else if (k == "scoring") {
      has_scoring = true;
      GLEXIA_RETURN_IF_ERROR(ParseScoring(c, field.value, &rules.scoring));
    } else if (k == "rules") {
      has_rules = true;
      array items;
      if (field.value.get_array().get(items) != simdjson::SUCCESS) return c.Error("'rules' must be an array");
      std::map<std::string, size_t> seen;
      size_t index = 0;
      for (element item : items) {
        Rule rule;
        std::string_view id;
        if (item["id"].get_string().get(id) != simdjson::SUCCESS) id = {};
        c.SetPlace("rule '" + std::string(id) + "' (rules[" + std::to_string(index) + "])");
        GLEXIA_RETURN_IF_ERROR(ParseRule(c, item, rules, &rule));
        auto [it, inserted] = seen.emplace(rule.id, index);
        if (!inserted) return c.Error("duplicate id (first used by rules[" + std::to_string(it->second) + "])");
        rules.rules.push_back(std::move(rule));
        ++index;
      }
      c.SetPlace("");
    } else {
      return c.Error("unknown top-level field '" + std::string(k) + "'");
    }
  }
  if (!has_scoring) return c.Error("missing 'scoring'");
  if (!has_rules) return c.Error("missing 'rules'");
  for (std::string_view key : kNoticeKeys) {
    if (!rules.notices.count(key)) return c.Error("missing notice '" + std::string(key) + "'");
  }
  return rules;
}

Result<Rules> LoadRulesFile(const std::string& path) {
  GLEXIA_ASSIGN_OR_RETURN(std::string data, ReadInputFile(path));
  return ParseRules(data, path);
}

}  // namespace glexia::analysis
