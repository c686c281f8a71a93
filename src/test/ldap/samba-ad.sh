#!/usr/bin/env bash
# Provisions and runs a Samba AD domain controller for the Active Directory dialect's tests (SambaAdServer.java):
#   samba-ad.sh <empty dir> <loopback address, e.g. 127.0.0.1>
# Everything goes into <dir>: a CA and a server certificate for <address> (openssl), the domain RESETFLOW.TEST
# (samba-tool domain provision --targetdir, no DNS), the accounts, then samba in the foreground serving only LDAP
# and LDAPS on <address> (ports 389 and 636: Samba has no setting for them, and serves only addresses an interface
# has, so one such server per machine) until it is killed. Tests trust <dir>/tls/ca.pem.
# The accounts: alice and bob (active; bob in the group "privileged"), carol (disabled), erin (for lockouts); every
# password is "Initial-Passw0rd". The whole application's journeys (ActiveDirectoryJourneyTest) have accounts of
# their own: hugo, ken, liam, mona, nina, oscar (active; ken for a lockout), irene (a fine-grained password policy
# asking for 30 characters), judy (disabled), pat (in "privileged"). The service account resetflow-svc is an Account Operator: it may reset the
# passwords of ordinary users, unlock and disable them, not those of administrators.
set -euo pipefail
dir=${1:?usage: samba-ad.sh <dir> <address>}
address=${2:?usage: samba-ad.sh <dir> <address>}
service_password=${RESETFLOW_TEST_LDAP_BIND_PASSWORD:?the service account password comes from the environment}
mkdir -p "$dir/tls"
tls=$dir/tls

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ResetFlow test CA" \
  -keyout "$tls/ca-key.pem" -out "$tls/ca.pem" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=$address" -keyout "$tls/key.pem" -out "$tls/cert.csr" 2>/dev/null
printf 'subjectAltName=IP:%s\nextendedKeyUsage=serverAuth\n' "$address" > "$tls/ext.cnf"
openssl x509 -req -in "$tls/cert.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca-key.pem" -CAcreateserial -days 2 \
  -extfile "$tls/ext.cnf" -out "$tls/cert.pem" 2>/dev/null
chmod 600 "$tls/key.pem"

samba-tool domain provision --targetdir="$dir" --realm=RESETFLOW.TEST --domain=RESETFLOW --server-role=dc \
  --dns-backend=NONE --adminpass="$(head -c 18 /dev/urandom | base64)Aa1!" --host-name=dc1 \
  --option="interfaces = $address" --option="bind interfaces only = yes" \
  --option="server services = ldap" --option="tls enabled = yes" \
  --option="tls keyfile = $tls/key.pem" --option="tls certfile = $tls/cert.pem" \
  --option="tls cafile = $tls/ca.pem" --option="pid directory = $dir/run" \
  --option="lock directory = $dir/lock" --option="state directory = $dir/state" \
  --option="cache directory = $dir/cache" >"$dir/provision.log" 2>&1
conf=$dir/etc/smb.conf

# The accounts in one Python run of Samba's own bindings: each samba-tool call would start Python anew (seconds).
RESETFLOW_TEST_CONF=$conf /usr/bin/python3 - <<'PY'
import os
from samba import param, ldb
from samba.auth import system_session
from samba.samdb import SamDB
lp = param.LoadParm()
lp.load(os.environ["RESETFLOW_TEST_CONF"])
db = SamDB(url=lp.samdb_url(), session_info=system_session(), lp=lp)
domain = str(db.domain_dn())
# Three wrong passwords lock an account for 30 minutes (AD counts in 100 ns units, negative).
m = ldb.Message(ldb.Dn(db, domain))
for name, value in (("lockoutThreshold", "3"), ("lockoutDuration", str(-30 * 60 * 10**7)),
                    ("lockOutObservationWindow", str(-30 * 60 * 10**7))):
    m[name] = ldb.MessageElement(value, ldb.FLAG_MOD_REPLACE, name)
db.modify(m)
for name, given, surname in (("alice", "Alice", "Adams"), ("bob", "Bob", "Brown"), ("carol", "Carol", "Clark"),
                             ("erin", "Erin", "Evans")):
    db.newuser(name, "Initial-Passw0rd", givenname=given, surname=surname,
               mailaddress=name + "@resetflow.test")
for name, given, surname in (("hugo", "Hugo", "Hart"), ("irene", "Irene", "Ibsen"), ("judy", "Judy", "Jones"),
                             ("ken", "Ken", "Kent"), ("liam", "Liam", "Lee"), ("mona", "Mona", "Moss"),
                             ("nina", "Nina", "Nash"), ("oscar", "Oscar", "Ortiz"), ("pat", "Pat", "Price")):
    db.newuser(name, "Initial-Passw0rd", givenname=given, surname=surname,
               mailaddress=name + "@resetflow.test")
db.disable_account("(sAMAccountName=carol)")
db.disable_account("(sAMAccountName=judy)")
db.newgroup("privileged")
db.add_remove_group_members("privileged", ["bob", "pat"], add_members_operation=True)
# irene's fine-grained password policy (a PSO, MS-ADTS 3.1.1.5.1.5): 30 characters at least, more than the page's
# own minimum, so the domain's refusal ("the password is too short") is what the page shows. Every attribute is
# mandatory; the others as the domain's defaults.
thirty_minutes, forty_two_days = str(-30 * 60 * 10**7), str(-42 * 24 * 3600 * 10**7)
pso = ldb.Message(ldb.Dn(db, "CN=resetflow-long,CN=Password Settings Container,CN=System," + domain))
for name, value in (("objectClass", "msDS-PasswordSettings"), ("msDS-PasswordSettingsPrecedence", "1"),
                    ("msDS-PasswordReversibleEncryptionEnabled", "FALSE"), ("msDS-PasswordHistoryLength", "24"),
                    ("msDS-PasswordComplexityEnabled", "TRUE"), ("msDS-MinimumPasswordLength", "30"),
                    ("msDS-MinimumPasswordAge", "0"), ("msDS-MaximumPasswordAge", forty_two_days),
                    ("msDS-LockoutThreshold", "3"), ("msDS-LockoutObservationWindow", thirty_minutes),
                    ("msDS-LockoutDuration", thirty_minutes), ("msDS-PSOAppliesTo", "CN=irene,CN=Users," + domain)):
    pso[name] = ldb.MessageElement(value, ldb.FLAG_MOD_ADD, name)
db.add(pso)
db.newuser("resetflow-svc", os.environ["RESETFLOW_TEST_LDAP_BIND_PASSWORD"])
db.add_remove_group_members("Account Operators", ["resetflow-svc"], add_members_operation=True)
PY
exec samba -s "$conf" -i -M single --debuglevel=0
