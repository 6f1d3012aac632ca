#!/usr/bin/env bash
# GOST test PKI for Podpis (TEST KEYS ONLY — they are written unencrypted).
#
# Makes, with OpenSSL's gost ENGINE (gost.so, loaded through OPENSSL_CONF),
# a GOST R 34.10-2012 CA and end-entity certificates whose subjects follow
# the FNS-issued qualified certificates: CN, SN, GN, T, O, INNLE
# (1.2.643.100.4), OGRN (1.2.643.100.1), OGRNIP (1.2.643.100.5), SNILS
# (1.2.643.100.3), INN (1.2.643.3.131.1.1).
#
# usage: make.sh OUT_DIR
#   env TOOL=podpis-gost-token-tool TOKEN_DIR=D [PIN=12345678] [LABEL=...]
#       [PINPAD=1] [MAX_TRIES=10]: also "format" the GOST test token in D
#       and import every end-entity key + certificate (CKA_ID = id).
# writes OUT_DIR/openssl.cnf (use as OPENSSL_CONF for openssl cms -verify),
#        ca.pem, ca.key, <id>.key, <id>.pem, <id>.der, pub<id>.pem
# ids:   01 head of a legal entity, gost2012_256 paramset A (CryptoPro-A)
#        02 sole proprietor,         gost2012_256 paramset TCA (tc26-256-A)
#        03 individual,              gost2012_512 paramset A (tc26-512-A)
#        04 legal entity employee,   gost2012_512 paramset B (tc26-512-B)
set -euo pipefail
OUT=$1
ENGINE=${GOST_ENGINE:-/usr/lib/x86_64-linux-gnu/engines-3/gost.so}
mkdir -p "$OUT"
cd "$OUT"

cat > openssl.cnf <<X
openssl_conf = openssl_init
oid_section = podpis_oids

[podpis_oids]
# OpenSSL 3.0 already knows INN, OGRN, OGRNIP and SNILS by name;
# INNLE (ИНН юридического лица, Приказ ФСБ № 795) it does not.
INNLE = 1.2.643.100.4

[openssl_init]
engines = engine_section

[engine_section]
gost = gost_section

[gost_section]
engine_id = gost
dynamic_path = $ENGINE
default_algorithms = ALL

[req]
distinguished_name = dn
string_mask = utf8only
utf8 = yes
[dn]

[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[v3_ee]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = clientAuth,emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
certificatePolicies = 1.2.643.100.113.1
X
export OPENSSL_CONF=$PWD/openssl.cnf

openssl genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out ca.key
openssl req -new -x509 -key ca.key -md_gost12_256 -days 3650 -extensions v3_ca -out ca.pem \
  -subj "/CN=Podpis GOST Test CA/O=Podpis Test/C=RU/street=ул. Тестовая, д. 1/L=Москва/INNLE=7707329152/OGRN=1047707030513"

# issue ID ALGORITHM PARAMSET DIGEST SUBJECT
issue() {
  local id=$1 alg=$2 ps=$3 md=$4 subj=$5
  openssl genpkey -algorithm "$alg" -pkeyopt "paramset:$ps" -out "$id.key"
  openssl req -new -key "$id.key" "-$md" -subj "$subj" -out "$id.csr"
  openssl x509 -req -in "$id.csr" -CA ca.pem -CAkey ca.key -md_gost12_256 -set_serial "0x20$id" -days 730 \
    -extfile openssl.cnf -extensions v3_ee -out "$id.pem" 2>/dev/null
  openssl x509 -in "$id.pem" -outform DER -out "$id.der"
  openssl pkey -in "$id.key" -pubout -out "pub$id.pem"
  rm -f "$id.csr"
}

LE="/CN=ООО «Ромашка»/SN=Иванов/GN=Иван Иванович/title=Генеральный директор/O=ООО «Ромашка»/C=RU/ST=77 г. Москва/L=Москва/INNLE=7707083893/OGRN=1027700132195/SNILS=11223344595/INN=770708389301"
IP="/CN=Петров Пётр Петрович/SN=Петров/GN=Пётр Петрович/C=RU/ST=50 Московская область/OGRNIP=304500116000157/SNILS=12345678964/INN=500100732259"
FL="/CN=Сидорова Анна Сергеевна/SN=Сидорова/GN=Анна Сергеевна/C=RU/SNILS=08765432110/INN=772053902386"
EMP="/CN=ООО «Ромашка»/SN=Кузнецова/GN=Мария Павловна/title=Главный бухгалтер/O=ООО «Ромашка»/C=RU/INNLE=7707083893/OGRN=1027700132195/SNILS=15975346820/INN=771234567801"

issue 01 gost2012_256 A   md_gost12_256 "$LE"
issue 02 gost2012_256 TCA md_gost12_256 "$IP"
issue 03 gost2012_512 A   md_gost12_512 "$FL"
issue 04 gost2012_512 B   md_gost12_512 "$EMP"

if [ -n "${TOOL:-}" ] && [ -n "${TOKEN_DIR:-}" ]; then
  init=("$TOOL" init --dir "$TOKEN_DIR" --label "${LABEL:-Podpis GOST}" --pin "${PIN:-12345678}" --max-tries "${MAX_TRIES:-10}")
  [ "${PINPAD:-0}" = 1 ] && init+=(--pinpad)
  "${init[@]}"
  for id in 01 02 03 04; do
    "$TOOL" import --dir "$TOKEN_DIR" --id "$id" --label "GOST $id" --cert "$id.pem" --key "$id.key"
  done
fi
echo "GOST PKI ready in $OUT"
