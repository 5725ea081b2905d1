# Key rings, as key-protect-cli-commands.md shows them: create, list, a key in a ring (the API's
# x-kms-key-ring header, through curl), delete (refused while the ring holds keys; with -f once its
# keys are all destroyed, which then move to the default ring).

$ ibmcloud kp key-ring create team-a
Creating key ring: 'team-a', in instance: '$INSTANCE'...
OK
[exit 0]
$ ibmcloud kp key-rings
Retrieving key rings...
OK
Key Ring ID   Creation Date          Created By
default       2026-01-01T00:00:00Z   IBMid-14452A0856
team-a        2026-01-01T00:00:00Z   IBMid-14452A0856
[exit 0]
$ ibmcloud kp key-ring create x
Creating key ring: 'x', in instance: '$INSTANCE'...
! FAILED
! kp.Error: correlation_id='c06173c3-dede-4a0b-aff5-d4e249845310', msg='Bad Request: Key ring could not be created: Please see 'reasons' for more details (INVALID_FIELD_ERR)', reasons='[INVALID_FIELD_ERR: The field 'keyRingID' must be: 2 to 100 characters: letters, digits and dashes - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ export KEY_ID=$(curl -s -X POST https://us-south.kms.cloud.ibm.com/api/v2/keys -H "authorization: Bearer $ACCESS_TOKEN" -H "bluemix-instance: $KP_INSTANCE_ID" -H "x-kms-key-ring: team-a" -H "content-type: application/vnd.ibm.kms.key+json" -d '{"metadata":{"collectionType":"application/vnd.ibm.kms.key+json","collectionTotal":1},"resources":[{"type":"application/vnd.ibm.kms.key+json","name":"ringed"}]}' | jq -r '.resources[0].id')
[exit 0]
$ ibmcloud kp key-ring delete team-a
Deleting key ring: 'team-a', in instance: '$INSTANCE'...
! FAILED
! kp.Error: correlation_id='2528f81a-f0e9-4ac0-afa1-e9a7177674fb', msg='Conflict: Key ring could not be deleted: Please see 'reasons' for more details (KEY_RING_KEYS_NOT_DELETED_ERR)', reasons='[KEY_RING_KEYS_NOT_DELETED_ERR: The key ring has keys that are not deleted: delete them first - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key delete $KEY_ID
Deleting key: $KEY_RINGED, from instance: $INSTANCE...
OK
Deleted Key
$KEY_RINGED
[exit 0]
$ ibmcloud kp key-ring delete team-a
Deleting key ring: 'team-a', in instance: '$INSTANCE'...
! FAILED
! kp.Error: correlation_id='d115d2b8-acb8-4e6d-9309-a3c830761a65', msg='Conflict: Key ring could not be deleted: Please see 'reasons' for more details (KEY_RING_NOT_EMPTY_ERR)', reasons='[KEY_RING_NOT_EMPTY_ERR: The key ring still holds deleted keys that are not purged: delete it with force=true to move them to the default key ring - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key-ring delete team-a -f
Deleting key ring: 'team-a', in instance: '$INSTANCE'...
OK
[exit 0]
$ ibmcloud kp key show $KEY_ID -o json | jq -r .keyRingID
default
[exit 0]
$ ibmcloud kp key-rings -o json | jq -r '.[].id'
default
[exit 0]
$ ibmcloud kp key-ring delete default
Deleting key ring: 'default', in instance: '$INSTANCE'...
! FAILED
! kp.Error: correlation_id='347c4fc6-4271-4215-b7b8-5d07c0ccd304', msg='Bad Request: Key ring could not be deleted: Please see 'reasons' for more details (KEY_RING_DEFAULT_ERR)', reasons='[KEY_RING_DEFAULT_ERR: The default key ring cannot be deleted - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
# A key created in a ring with the CLI's --key-ring (the API's x-kms-key-ring header).
$ ibmcloud kp key-ring create team-b
Creating key ring: 'team-b', in instance: '$INSTANCE'...
OK
[exit 0]
$ ibmcloud kp key create in-team-b --key-ring team-b -o json | jq -r .keyRingID
team-b
[exit 0]
$ ibmcloud kp key create nowhere --key-ring no-such-ring
Creating key: 'nowhere', in instance: '$INSTANCE'...
! FAILED
! kp.Error: correlation_id='ef740748-0849-4de6-b7e2-24ca0053f5f4', msg='Not Found: Key could not be created: Please see 'reasons' for more details (KEY_RING_NOT_FOUND_ERR)', reasons='[KEY_RING_NOT_FOUND_ERR: Key ring 'no-such-ring' does not exist in this instance - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
