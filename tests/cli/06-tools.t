# The built-in tools the documentation pipes through, and the variables every shell starts with.

# Every shell has ACCESS_TOKEN (the acting user's token), KP_INSTANCE_ID and REGION.
$ echo "$KP_INSTANCE_ID in $REGION"
$INSTANCE in us-south
[exit 0]
$ ibmcloud iam oauth-tokens | cut -d ' ' -f 1-4
IAM token:  Bearer
[exit 0]
$ test_token=$(ibmcloud iam oauth-tokens | cut -d ' ' -f 5)
> echo "$ACCESS_TOKEN" | grep -c "$test_token"
1
[exit 0]
$ sandbox as bob
> echo "$ACCESS_TOKEN" | grep -c "$test_token" || echo "bob's ACCESS_TOKEN is his own"
> sandbox as alice
Now acting as bob (bob@example.com): Key Protect Manager; databases Editor
0
bob's ACCESS_TOKEN is his own
Now acting as alice (alice@example.com): Key Protect Manager; databases Administrator
[exit 0]
$ export REGION=eu-de
> echo "https://$REGION.kms.cloud.ibm.com"
https://eu-de.kms.cloud.ibm.com
[exit 0]

# kp region-set, as the CLI reference shows it.
$ ibmcloud kp region-set us-south
OK
[exit 0]
$ ibmcloud kp region-set not-a-region
! FAILED
! 'not-a-region' is not a Key Protect region: use one of us-south, us-east, eu-gb, eu-de, eu-fr2, au-syd, jp-tok, jp-osa, ca-tor, br-sao.
[exit 1]
$ ibmcloud kp region-set -u
OK
[exit 0]
$ ibmcloud kp region-set
Select a Region:
1. us-south
2. us-east
3. eu-gb
4. eu-de
5. eu-fr2
6. au-syd
7. jp-tok
8. jp-osa
9. ca-tor
10. br-sao
! FAILED
! The sandbox's terminal cannot prompt: give the region, e.g. 'ibmcloud kp region-set us-south'.
[exit 2]

# jq over the CLI's JSON; its errors read as jq's.
$ ibmcloud kp key create tools-key -D "for jq" --output json | jq -r '.name, .description'
tools-key
for jq
[exit 0]
$ ibmcloud kp keys --output json | jq length
1
[exit 0]
$ ibmcloud kp keys --output json | jq -c 'map(.name)'
["tools-key"]
[exit 0]
$ ibmcloud kp keys --output json | jq -r '.[] | select(.name == "tools-key") | .state'
1
[exit 0]
$ ibmcloud kp keys --output json | jq -c '.[0] | keys'
["algorithmMetadata","algorithmType","createdBy","creationDate","crn","deleted","description","dualAuthDelete","extractable","id","imported","keyRingID","keyVersion","lastUpdateDate","name","state","type"]
[exit 0]
$ ibmcloud kp keys --output json | jq '.id'
! jq: error (at <stdin>:28): Cannot index array with "id"
[exit 5]
$ ibmcloud kp keys --output json | jq '.[] | to_entries'
! jq: error: to_entries/0 is not defined in the sandbox's jq, which supports .  .a  .["a"]  .a.b  .[N]  .[]  |  ,  ==  !=  length  keys  select(f)  map(f)  literals; flags -r -c
! jq: 1 compile error
[exit 3]
$ ibmcloud kp keys --output json | jq '.[0].name // "none"'
! jq: error: the sandbox's jq does not support the filter at '// "none"': it supports .  .a  .["a"]  .a.b  .[N]  .[]  |  ,  ==  !=  length  keys  select(f)  map(f)  literals; flags -r -c
! jq: 1 compile error
[exit 3]

# printf, grep, cut, sed.
$ printf '%s has %d keys\n' alice 1 bob 0
alice has 1 keys
bob has 0 keys
[exit 0]
$ sandbox users | grep -v -i MANAGER
User     Email               Key Protect Roles   Databases Role
carol    carol@example.com   Writer              Operator
dave     dave@example.com    Reader              Viewer
[exit 0]
$ sandbox users | grep -c Manager
2
[exit 0]
$ sandbox users | grep nobody
[exit 1]
$ echo "a:b:c" | cut -d : -f 2-
b:c
[exit 0]
$ echo "   padded" | sed 's/^ *//'
padded
[exit 0]
$ echo x | sed 'y/x/y/'
! sed: -e expression #1: the sandbox's sed runs only 's/RE/REPLACEMENT/[g]', not 'y/x/y/'
[exit 1]
$ openssl rand -base64 32
kCFZKbS4ECvC+KrI5xJnlOyCFpptMwRtIzaTvbcJUYY=
[exit 0]
