#!/usr/bin/env bash
# Test PKI for Podpis token tests.
#
# Generates keys ON a SoftHSM2 token (pkcs11-tool --keypairgen), issues
# end-entity certificates with Russian subject attributes for those keys
# from a test CA (openssl; the token's public key is forced into the
# certificate, so no private key ever leaves the token), and imports the
# certificates with the key's CKA_ID. Also: a certificate without a key,
# an expired certificate and one from an untrusted CA.
#
# usage: make-pki.sh OUT_DIR MODULE TOKEN_LABEL USER_PIN
# needs: SOFTHSM2_CONF pointing at an initialized token dir, openssl,
#        pkcs11-tool (opensc); faketime (optional: for the expired cert).
#        A token for it, e.g.:
#          printf 'directories.tokendir = %s\nobjectstore.backend = file\n' /tmp/t/tokens > /tmp/t/softhsm2.conf
#          mkdir -p /tmp/t/tokens; export SOFTHSM2_CONF=/tmp/t/softhsm2.conf
#          softhsm2-util --init-token --free --label demo --so-pin 12345678 --pin 123456
#          tests/pki/make-pki.sh /tmp/t/pki /usr/lib/softhsm/libsofthsm2.so demo 123456
# writes: OUT_DIR/ca.pem, OUT_DIR/other-ca.pem, OUT_DIR/<id>.der, OUT_DIR/<id>.pem
#         If pub<ID>.der (SPKI DER) exists, the key ID is taken as already
#         generated on the token (the Rust test fixture uses cryptoki).
#         ids: 01 RSA-2048 legal entity, 02 P-256 sole proprietor,
#              03 P-384 individual, 04 RSA-2048 expired (if faketime),
#              05 certificate without key, 06 RSA-2048 from the untrusted CA.
set -euo pipefail
OUT=$1 MODULE=$2 LABEL=$3 PIN=$4
mkdir -p "$OUT"
cd "$OUT"
P11=(pkcs11-tool --module "$MODULE" --token-label "$LABEL" --login --pin "$PIN")
FT=()
if command -v faketime >/dev/null 2>&1; then FT=(faketime -f "@2019-06-01 00:00:00"); fi

cat > ext.cnf <<'X'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment
extendedKeyUsage=clientAuth,emailProtection
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
X
cat > req.cnf <<'X'
oid_section=new_oids
[new_oids]
innle=1.2.643.100.4
[req]
distinguished_name=dn
string_mask=utf8only
[dn]
X
cat > ca.cnf <<'X'
[req]
distinguished_name=dn
x509_extensions=v3_ca
[dn]
[v3_ca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
X

mkca() { # name subject
  "${FT[@]}" openssl req -x509 -config ca.cnf -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" \
    -subj "$2" -utf8 -days 7300 2>/dev/null
}
mkca ca "/CN=Podpis Test CA/O=Podpis Test/C=RU"
mkca other-ca "/CN=Untrusted Test CA/O=Elsewhere/C=RU"

# der TAG HEX: one DER element (definite length) around the hex body.
der() {
  local n=$(( ${#2} / 2 )) len
  if [ "$n" -lt 128 ]; then len=$(printf '%02x' "$n"); elif [ "$n" -lt 256 ]; then len=$(printf '81%02x' "$n"); else len=$(printf '82%04x' "$n"); fi
  printf '%s%s%s' "$1" "$len" "$2"
}
# ec_spki ID: writes pub<ID>.der, the SPKI of EC key ID, from the token's
# EC_PARAMS (the curve's OID) and EC_POINT. pkcs11-tool --read-object cannot
# convert some curves itself (P-384: "cannot create EVP_PKEY").
ec_spki() {
  local listing params point
  # The listing has every public key (--id does not filter it): take key $1's block.
  listing=$("${P11[@]}" --list-objects --type pubkey 2>/dev/null | awk -v id="$1" '
    /^[^ ]/ { if (found) exit; block = "" }
    { block = block $0 "\n" }
    $1 == "ID:" && $2 == id { found = 1 }
    END { if (found) printf "%s", block }')
  params=$(sed -n 's/^ *EC_PARAMS: *\([0-9a-f]*\).*/\1/p' <<<"$listing")
  point=$(sed -n 's/^ *EC_POINT: *\([0-9a-f]*\).*/\1/p' <<<"$listing")
  if [ -z "$params" ] || [ -z "$point" ]; then echo "make-pki: no public key $1 on the token" >&2; return 1; fi
  # EC_POINT is an OCTET STRING around the uncompressed point: drop its tag and length.
  case ${point:2:2} in 81) point=${point:6} ;; 82) point=${point:8} ;; *) point=${point:4} ;; esac
  local spki
  spki=$(der 30 "$(der 30 "06072a8648ce3d0201$params")$(der 03 "00$point")")
  printf "$(sed 's/../\\x&/g' <<<"$spki")" > "pub$1.der"
}

# issue ID SUBJECT CA [faketime...]: certificate for the token's public key ID.
issue() {
  local id=$1 subj=$2 ca=$3; shift 3
  [ -f "pub$id.der" ] || "${P11[@]}" --read-object --type pubkey --id "$id" -o "pub$id.der" >/dev/null 2>&1 || ec_spki "$id"
  openssl pkey -pubin -inform DER -in "pub$id.der" -out "pub$id.pem"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "tmp$id.key" 2>/dev/null
  openssl req -new -config req.cnf -key "tmp$id.key" -subj "$subj" -utf8 -out "req$id.csr"
  "$@" openssl x509 -req -in "req$id.csr" -force_pubkey "pub$id.pem" -CA "$ca.pem" -CAkey "$ca.key" \
    -set_serial "0x10$id" -days "${DAYS:-730}" -extfile ext.cnf -sha256 -out "$id.pem" 2>/dev/null
  openssl x509 -in "$id.pem" -outform DER -out "$id.der"
  "${P11[@]}" --write-object "$id.der" --type cert --id "$id" --label "cert$id" >/dev/null 2>&1
  rm -f "tmp$id.key" "req$id.csr"
}
# keygen ID TYPE: unless the caller already generated the key (and wrote
# pub<ID>.der, the SPKI), generate it on the token with pkcs11-tool.
keygen() { [ -f "pub$1.der" ] || "${P11[@]}" --keypairgen --key-type "$2" --id "$1" --label "key$1" >/dev/null 2>&1; }

LE="/CN=ООО Ромашка/SN=Иванов/GN=Иван Иванович/title=Генеральный директор/O=ООО Ромашка/C=RU/innle=7707083893/1.2.643.100.1=1027700132195/1.2.643.3.131.1.1=770708389301/1.2.643.100.3=11223344595"
IP="/CN=ИП Петров Пётр Петрович/SN=Петров/GN=Пётр Петрович/C=RU/1.2.643.100.5=304500116000157/1.2.643.3.131.1.1=500100732259/1.2.643.100.3=12345678964"
FL="/CN=Сидорова Анна Сергеевна/SN=Сидорова/GN=Анна Сергеевна/C=RU/1.2.643.3.131.1.1=772053902386/1.2.643.100.3=08765432110"

keygen 01 rsa:2048;          issue 01 "$LE" ca
keygen 02 EC:prime256v1;     issue 02 "$IP" ca
keygen 03 EC:secp384r1;      issue 03 "$FL" ca
if [ ${#FT[@]} -gt 0 ]; then
  keygen 04 rsa:2048;        DAYS=30 issue 04 "/CN=Expired Test/SN=Просроченный/C=RU/1.2.643.3.131.1.1=500100732259" ca "${FT[@]}"
fi
# 05: a certificate whose key is not on the token.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out nokey.key 2>/dev/null
openssl req -new -key nokey.key -subj "/CN=No Key/C=RU" -utf8 -out nokey.csr
openssl x509 -req -in nokey.csr -CA ca.pem -CAkey ca.key -set_serial 0x1005 -days 365 -extfile ext.cnf -out 05.pem 2>/dev/null
openssl x509 -in 05.pem -outform DER -out 05.der
"${P11[@]}" --write-object 05.der --type cert --id 05 --label cert05 >/dev/null 2>&1
keygen 06 rsa:2048;          issue 06 "/CN=Untrusted Person/C=RU/1.2.643.3.131.1.1=500100732259" other-ca
echo "pki ready in $OUT"
