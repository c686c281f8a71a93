#!/usr/bin/env bash
# Provisions and runs Debian's slapd with the ppolicy overlay for the OpenLDAP dialect's tests (OpenLdapServer.java):
#   slapd.sh <empty dir> <port>
# Configuration and data go into <dir> only (slaptest checks the configuration, slapadd loads the accounts); then
# slapd runs in the foreground on 127.0.0.1:<port>, plain LDAP (loopback only), until it is killed.
# The accounts: alice, bob, frank, grace (active), carol (disabled: ppolicy's administrator lock), dave (locked out
# after wrong passwords), erin (a policy with a minimum age, changed just now); henry, ida, ida@resetflow.test and
# jürgen for batched look-ups (second uid, shared address, non-ASCII). Every password is "Initial-Passw0rd".
# The whole application's journeys (OpenLdapJourneyTest) have accounts of their own: hugo, liam, mona, nina, oscar
# (active), irene (a policy asking for 30 characters, and a password of her own), judy (disabled), ken (locked out),
# pat (in the group "privileged", through the memberof overlay).
# The service account cn=resetflow,ou=services may read accounts and write passwords and lockout attributes, nothing
# else: the rights docs/dialects.md asks for.
set -euo pipefail
dir=${1:?usage: slapd.sh <dir> <port>}
port=${2:?usage: slapd.sh <dir> <port>}
modules=/usr/lib/ldap
schema=/etc/ldap/schema
mkdir -p "$dir/data"
service_password=${RESETFLOW_TEST_LDAP_BIND_PASSWORD:?the service account password comes from the environment}
hash() { /usr/sbin/slappasswd -s "$1"; }

cat > "$dir/slapd.conf" <<CONF
include $schema/core.schema
include $schema/cosine.schema
include $schema/inetorgperson.schema
include $schema/nis.schema
modulepath $modules
moduleload back_mdb
moduleload ppolicy
moduleload memberof
pidfile $dir/slapd.pid
argsfile $dir/slapd.args
sizelimit 500
database mdb
maxsize 67108864
suffix "dc=resetflow,dc=test"
rootdn "cn=admin,dc=resetflow,dc=test"
rootpw $(hash "$(head -c 24 /dev/urandom | base64)")
directory $dir/data
overlay memberof
overlay ppolicy
ppolicy_default "cn=default,ou=policies,dc=resetflow,dc=test"
ppolicy_use_lockout
ppolicy_hash_cleartext
access to attrs=userPassword,pwdAccountLockedTime
  by dn.exact="cn=resetflow,ou=services,dc=resetflow,dc=test" write
  by self =xw
  by anonymous auth
  by * none
access to dn.subtree="ou=people,dc=resetflow,dc=test"
  by dn.exact="cn=resetflow,ou=services,dc=resetflow,dc=test" read
  by self read
  by * none
access to * by * none
CONF
/usr/sbin/slaptest -Q -u -f "$dir/slapd.conf"

now=$(date -u +%Y%m%d%H%M%SZ)
user() { # uid, given, surname, extra LDIF lines, password (default Initial-Passw0rd)
  cat <<LDIF
dn: uid=$1,ou=people,dc=resetflow,dc=test
objectClass: inetOrgPerson
uid: $1
cn: $2 $3
sn: $3
givenName: $2
displayName: $2 $3
mail: $1@resetflow.test
userPassword: $(hash "${5:-Initial-Passw0rd}")
${4:-}

LDIF
}
{
  cat <<LDIF
dn: dc=resetflow,dc=test
objectClass: dcObject
objectClass: organization
dc: resetflow
o: ResetFlow test

dn: ou=people,dc=resetflow,dc=test
objectClass: organizationalUnit
ou: people

dn: ou=services,dc=resetflow,dc=test
objectClass: organizationalUnit
ou: services

dn: cn=resetflow,ou=services,dc=resetflow,dc=test
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: resetflow
userPassword: $(hash "$service_password")

dn: ou=policies,dc=resetflow,dc=test
objectClass: organizationalUnit
ou: policies

dn: cn=default,ou=policies,dc=resetflow,dc=test
objectClass: device
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdMinLength: 8
pwdCheckQuality: 2
pwdInHistory: 3
pwdLockout: TRUE
pwdMaxFailure: 3
pwdLockoutDuration: 0

dn: cn=min-age,ou=policies,dc=resetflow,dc=test
objectClass: device
objectClass: pwdPolicy
cn: min-age
pwdAttribute: userPassword
pwdMinLength: 8
pwdCheckQuality: 2
pwdMinAge: 86400

dn: cn=long,ou=policies,dc=resetflow,dc=test
objectClass: device
objectClass: pwdPolicy
cn: long
pwdAttribute: userPassword
pwdMinLength: 30
pwdCheckQuality: 2
pwdInHistory: 3

dn: ou=groups,dc=resetflow,dc=test
objectClass: organizationalUnit
ou: groups

dn: cn=privileged,ou=groups,dc=resetflow,dc=test
objectClass: groupOfNames
cn: privileged
member: uid=pat,ou=people,dc=resetflow,dc=test

LDIF
  user alice Alice Adams
  user bob Bob Brown
  user carol Carol Clark "pwdAccountLockedTime: 000001010000Z"
  user dave Dave Davis "pwdAccountLockedTime: $now"
  user frank Frank Fischer
  user grace Grace Green
  user erin Erin Evans "pwdPolicySubentry: cn=min-age,ou=policies,dc=resetflow,dc=test
pwdChangedTime: $now"
  # For batched look-ups: henry has a second uid and a second address shared with ida (team@ is ambiguous), an
  # account's user name is ida's address (so is that), and jürgen's uid is not ASCII.
  user henry Henry Hill "uid: henry.hill
mail: team@resetflow.test"
  user ida Ida Irving "mail: team@resetflow.test"
  user ida@resetflow.test Ida Alias
  cat <<LDIF
dn:: $(printf 'uid=jürgen,ou=people,dc=resetflow,dc=test' | base64 -w0)
objectClass: inetOrgPerson
uid:: $(printf 'jürgen' | base64 -w0)
cn: Juergen Jaeger
sn: Jaeger
mail: juergen@resetflow.test

LDIF
  user hugo Hugo Hart
  user irene Irene Ibsen "pwdPolicySubentry: cn=long,ou=policies,dc=resetflow,dc=test" \
    "Quartz-Meadow-Lantern-Orbit-Harbor-58"
  user judy Judy Jones "pwdAccountLockedTime: 000001010000Z"
  user ken Ken Kent "pwdAccountLockedTime: $now"
  user liam Liam Lee
  user mona Mona Moss
  user nina Nina Nash
  user oscar Oscar Ortiz
  user pat Pat Price "memberOf: cn=privileged,ou=groups,dc=resetflow,dc=test"
} > "$dir/accounts.ldif"
/usr/sbin/slapadd -q -f "$dir/slapd.conf" -l "$dir/accounts.ldif"
exec /usr/sbin/slapd -f "$dir/slapd.conf" -h "ldap://127.0.0.1:$port/" -d 0
