#!/usr/bin/env bash
# Creates the demo software token: a SoftHSM2 token "Podpis demo" in DIR with
# an RSA-2048 and a P-256 key, each with a certificate from a demo CA whose
# subjects carry the Russian attributes (INN, OGRN, SNILS …).
# Usage: make-token.sh DIR   (prints nothing on success but the summary)
set -euo pipefail
DIR=$(realpath -m "$1"); PIN=${PODPIS_DEMO_PIN:-123456}; SO_PIN=12345678
MODULE=/usr/lib/softhsm/libsofthsm2.so
rm -rf "$DIR"; mkdir -p "$DIR/tokens" "$DIR/pki"
cat > "$DIR/softhsm2.conf" <<CONF
directories.tokendir = $DIR/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = true
CONF
export SOFTHSM2_CONF="$DIR/softhsm2.conf"
softhsm2-util --init-token --free --label "Podpis demo" --so-pin "$SO_PIN" --pin "$PIN" >/dev/null
cd "$DIR/pki"
cat > ext.cnf <<'CNF'
oid_section = podpis_oids
[podpis_oids]
INNLE = 1.2.643.100.4
[req]
distinguished_name = podpis_dn
string_mask = utf8only
utf8 = yes
[podpis_dn]
[podpis_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[podpis_ee]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = clientAuth,emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -utf8 \
  -subj "/CN=Демо УЦ Podpis/O=Podpis demo CA/C=RU" -extensions podpis_ca -config ext.cnf 2>/dev/null
issue() { # issue NAME KEYSPEC SUBJECT ID
  local name=$1 spec=$2 subj=$3 id=$4
  openssl genpkey $spec -out "$name.key" 2>/dev/null
  openssl req -new -config ext.cnf -key "$name.key" -out "$name.csr" -utf8 -subj "$subj"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 365 \
    -extfile ext.cnf -extensions podpis_ee -out "$name.pem" 2>/dev/null
  openssl x509 -in "$name.pem" -outform DER -out "$name.der"
  openssl pkcs8 -topk8 -nocrypt -in "$name.key" -out "$name.p8"
  softhsm2-util --import "$name.p8" --token "Podpis demo" --id "$id" --label "$name" --pin "$PIN" >/dev/null
  pkcs11-tool --module "$MODULE" --token-label "Podpis demo" --login --pin "$PIN" \
    --write-object "$name.der" --type cert --id "$id" --label "$name" >/dev/null 2>&1
  rm -f "$name.key" "$name.p8" "$name.csr"
}
issue director "-algorithm RSA -pkeyopt rsa_keygen_bits:2048" \
  "/CN=ООО Ромашка/SN=Иванова/GN=Мария Петровна/title=Генеральный директор/O=ООО Ромашка/C=RU/INNLE=7707083893/1.2.643.100.1=1027700132195/1.2.643.100.3=11223344595/1.2.643.3.131.1.1=500100732259" 01
issue entrepreneur "-algorithm EC -pkeyopt ec_paramgen_curve:P-256" \
  "/CN=Петров Пётр Петрович/SN=Петров/GN=Пётр Петрович/C=RU/1.2.643.100.5=304500116000157/1.2.643.100.3=11223344595/1.2.643.3.131.1.1=500100732259" 02
echo "demo token: $DIR (SOFTHSM2_CONF=$SOFTHSM2_CONF, PIN $PIN); CA: $DIR/pki/ca.pem"
