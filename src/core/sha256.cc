#include "core/sha256.h"

#include <openssl/evp.h>

namespace glexia {
namespace {
// Fetched once: EVP_MD_fetch per call costs more than hashing a small object.
const EVP_MD* Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}
}  // namespace

Digest Sha256(std::string_view bytes) {
  // One context per thread, reused: EVP_Digest allocates and wipes a fresh
  // context per call, which costs more than hashing a typical ATT&CK member.
  struct Ctx {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Ctx local;
  Digest out{};
  unsigned int len = 0;
  EVP_DigestInit_ex2(local.ctx, Md(), nullptr);
  EVP_DigestUpdate(local.ctx, bytes.data(), bytes.size());
  EVP_DigestFinal_ex(local.ctx, out.data(), &len);
  return out;
}

std::string ToHex(const Digest& digest) {
  static const char* kHex = "0123456789abcdef";
  std::string s(64, '0');
  for (size_t i = 0; i < digest.size(); ++i) {
    s[2 * i] = kHex[digest[i] >> 4];
    s[2 * i + 1] = kHex[digest[i] & 15];
  }
  return s;
}

std::string Sha256Hex(std::string_view bytes) { return ToHex(Sha256(bytes)); }

Sha256Stream::Sha256Stream() : ctx_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), Md(), nullptr);
}
Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }
void Sha256Stream::Update(std::string_view bytes) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), bytes.data(), bytes.size());
}
Digest Sha256Stream::Finish() {
  Digest out{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), out.data(), &len);
  return out;
}

}  // namespace glexia
