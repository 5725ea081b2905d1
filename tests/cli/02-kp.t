# Key Protect through 'ibmcloud kp': every command, its output, and the service's refusals as the
# plugin prints them (FAILED, then kp.Error with the correlation id, message and reasons).

$ ibmcloud kp key create my-root-key
Creating key: 'my-root-key', in instance: '$INSTANCE'...
OK
Key ID                                 Key Name
$KEY_MY_ROOT_KEY                       my-root-key
[exit 0]
$ ibmcloud kp key create my-imported-key -k AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
Creating key: 'my-imported-key', in instance: '$INSTANCE'...
OK
Key ID                                 Key Name
$KEY_MY_IMPORTED_KEY                   my-imported-key
[exit 0]
$ ibmcloud kp key create my-standard-key -s -D "for the app"
Creating key: 'my-standard-key', in instance: '$INSTANCE'...
OK
Key ID                                 Key Name
$KEY_MY_STANDARD_KEY                   my-standard-key
[exit 0]
$ ibmcloud kp keys
Retrieving keys...
OK
Key ID                                 Key Name
$KEY_MY_ROOT_KEY                       my-root-key
$KEY_MY_IMPORTED_KEY                   my-imported-key
$KEY_MY_STANDARD_KEY                   my-standard-key
[exit 0]
$ ibmcloud kp keys -c -n 1 -s 1
Retrieving keys...
OK
Key ID                                 Key Name          CRN
$KEY_MY_IMPORTED_KEY                   my-imported-key   $KEY_CRN_MY_IMPORTED_KEY
[exit 0]
$ ibmcloud kp key show $KEY_MY_ROOT_KEY
Grabbing info for key id: $KEY_MY_ROOT_KEY...
OK
Key ID                                 Key Name      Description   Creation Date                   Expiration Date
$KEY_MY_ROOT_KEY                       my-root-key                 2026-01-01 00:00:00 +0000 UTC   Key does not expire
[exit 0]
$ ibmcloud kp key show $KEY_MY_ROOT_KEY -o json
{
  "algorithmMetadata": {
    "bitLength": "256",
    "mode": "GCM"
  },
  "algorithmType": "AES",
  "createdBy": "IBMid-14452A0856",
  "creationDate": "2026-01-01T00:00:00Z",
  "crn": "$KEY_CRN_MY_ROOT_KEY",
  "deleted": false,
  "dualAuthDelete": {
    "enabled": false
  },
  "extractable": false,
  "id": "$KEY_MY_ROOT_KEY",
  "imported": false,
  "keyRingID": "default",
  "keyVersion": {
    "creationDate": "2026-01-01T00:00:00Z",
    "id": "$KEY_MY_ROOT_KEY"
  },
  "lastUpdateDate": "2026-01-01T00:00:00Z",
  "name": "my-root-key",
  "state": 1,
  "type": "application/vnd.ibm.kms.key+json"
}
[exit 0]
$ ibmcloud kp key create x -o yaml
! FAILED
! Incorrect Usage: -o takes 'json', not 'yaml'.
[exit 2]

# -i, KP_INSTANCE_ID, and a bad instance.
$ ibmcloud kp keys -i 00000000-0000-0000-0000-000000000000
Retrieving keys...
! FAILED
! kp.Error: correlation_id='008b784e-ca35-417e-a1e5-211efb1ab0a2', msg='Unauthorized: The user does not have access to the specified resource'
[exit 1]
$ ibmcloud kp keys -i not-a-guid
Retrieving keys...
! FAILED
! kp.Error: correlation_id='75b1e4cb-253c-494f-b3ec-766c383b2970', msg='Bad Request: Keys could not be listed: Please see 'reasons' for more details (BAD_REQUEST_ERR)', reasons='[BAD_REQUEST_ERR: Request requires valid Bluemix-Instance Header containing a valid UUID - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ export KP_INSTANCE_ID=$INSTANCE
[exit 0]
$ ibmcloud kp keys --key-states 1
Retrieving keys...
OK
Key ID                                 Key Name
$KEY_MY_ROOT_KEY                       my-root-key
$KEY_MY_IMPORTED_KEY                   my-imported-key
$KEY_MY_STANDARD_KEY                   my-standard-key
[exit 0]

# Wrap and unwrap: a generated DEK, then a given one with AAD.
$ ibmcloud kp key wrap $KEY_MY_ROOT_KEY -p c2VjcmV0LWRlay0xMjM0NTY3ODkwMTIzNDU2Nzg5MDEy -a orders,v1 -o json
{
  "Ciphertext": "eyJjaXBoZXJ0ZXh0IjoiSXozRkRzQlNwVHRJKzQvc0l1aGVXWVhZWEhJZ0M3cVlVZW9PUnlMTXV4SmlUVENqM0wzYjc5VmdxOFNNT011K1d3PT0iLCJpdiI6ImFYRmFTSit6K1RaNVZaUGwiLCJ2ZXJzaW9uIjoiNC4wLjAiLCJoYW5kbGUiOiI5MWY3MzA0OS0wOTQxLTQ2NzYtYjkxMS0wN2VjYWVlNzE4N2YifQ=="
}
[exit 0]
$ ibmcloud kp key unwrap $KEY_MY_ROOT_KEY not-a-ciphertext
Unwrapping key...
! FAILED
! kp.Error: correlation_id='ef740748-0849-4de6-b7e2-24ca0053f5f4', msg='Bad Request: Unwrap with key could not be performed: Please see 'reasons' for more details (INVALID_FIELD_ERR)', reasons='[INVALID_FIELD_ERR: The field 'ciphertext' must be: the original base64 encoded ciphertext from the wrap operation - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key wrap $KEY_MY_STANDARD_KEY
Wrapping key...
! FAILED
! kp.Error: correlation_id='1022eebd-c04b-43e6-b26a-a836c9868c3e', msg='Bad Request: Wrap with key could not be performed: Please see 'reasons' for more details (KEY_ROOT_REQ_ERR)', reasons='[KEY_ROOT_REQ_ERR: Requested action can only be completed with a root key. - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]

# Rotation: manual (imported keys need new material), versions, a policy.
$ ibmcloud kp key rotate $KEY_MY_ROOT_KEY
Rotating root key...
OK
[exit 0]
$ ibmcloud kp key rotate $KEY_MY_ROOT_KEY
Rotating root key...
! FAILED
! kp.Error: correlation_id='4b82eba3-7fa4-4694-aa2a-aeb14bb3c9e9', msg='Conflict: Key could not be rotated: Please see 'reasons' for more details (KEY_ROTATION_NOT_PERMITTED)', reasons='[KEY_ROTATION_NOT_PERMITTED: This root key has been rotated within the last hour: Only one 'rotate' action per hour is permitted - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key rotate $KEY_MY_IMPORTED_KEY
Rotating root key...
! FAILED
! kp.Error: correlation_id='00bbf5e1-8493-4f90-8bdb-0e4a967d60d5', msg='Bad Request: Key could not be rotated: Please see 'reasons' for more details (KEY_PAYLOAD_REQ_ERR)', reasons='[KEY_PAYLOAD_REQ_ERR: This root key was created with user-supplied key material: Key material is required to perform a 'rotate' action - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key rotate $KEY_MY_IMPORTED_KEY -k ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=
Rotating root key...
OK
[exit 0]
$ ibmcloud kp key versions $KEY_MY_ROOT_KEY
Retrieving key Versions...
OK
Key Version ID                         Creation Date
23059a07-2937-4661-9a9d-97e24927a4f6   2026-01-01T00:00:00Z
$KEY_MY_ROOT_KEY                       2026-01-01T00:00:00Z
[exit 0]
$ ibmcloud kp key policy-update rotation $KEY_MY_ROOT_KEY --enable -m 3
Setting a rotation interval for key ID: $KEY_MY_ROOT_KEY...
OK

Key ID          $KEY_MY_ROOT_KEY
Created By      IBMid-14452A0856
Creation Date   2026-01-01T00:00:00Z
Last Updated    2026-01-01T00:00:00Z
Updated By      IBMid-14452A0856
Policy Type     Rotation
Interval        3
Enabled         true
[exit 0]
$ ibmcloud kp key policy-update rotation $KEY_MY_ROOT_KEY --enable
! FAILED
! Incorrect Usage. Enabling a rotation policy needs -m MONTHS (1 to 12).
[exit 2]
$ ibmcloud kp key policy-update rotation $KEY_MY_STANDARD_KEY -e -m 1
Setting a rotation interval for key ID: $KEY_MY_STANDARD_KEY...
! FAILED
! kp.Error: correlation_id='9e286cab-8f34-4346-8f43-9a484b1633fb', msg='Bad Request: Key policy could not be created: Please see 'reasons' for more details (KEY_ROOT_REQ_ERR)', reasons='[KEY_ROOT_REQ_ERR: Requested action can only be completed with a root key. - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key policies $KEY_MY_ROOT_KEY
Retrieving policy details for key ID: $KEY_MY_ROOT_KEY...
OK

Created By      IBMid-14452A0856
Creation Date   2026-01-01T00:00:00Z
Last Updated    2026-01-01T00:00:00Z
Updated By      IBMid-14452A0856
Policy Type     Rotation
Interval        3
Enabled         true
[exit 0]

# Disable and enable.
$ ibmcloud kp key disable $KEY_MY_ROOT_KEY
Disabling key: '$KEY_MY_ROOT_KEY', in instance: '$INSTANCE'...
OK
[exit 0]
$ ibmcloud kp key wrap $KEY_MY_ROOT_KEY
Wrapping key...
! FAILED
! kp.Error: correlation_id='85d320e9-cfe7-4104-ae81-174279311efe', msg='Conflict: Wrap with key could not be performed: Please see 'reasons' for more details (KEY_ACTION_INVALID_STATE_ERR)', reasons='[KEY_ACTION_INVALID_STATE_ERR: Key is not in a valid state - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key enable $KEY_MY_ROOT_KEY
Enabling key: '$KEY_MY_ROOT_KEY', in instance: '$INSTANCE'...
! FAILED
! kp.Error: correlation_id='b01cede4-fb58-496b-914e-e1efb7613fd2', msg='Conflict: Key could not be enabled: Please see 'reasons' for more details (REQ_TOO_EARLY_ERR)', reasons='[REQ_TOO_EARLY_ERR: The key was updated recently: Please wait and try again - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ sandbox advance 30s
Advanced 30s: the clock is now 2026-01-01T00:00:30Z
[exit 0]
$ ibmcloud kp key enable $KEY_MY_ROOT_KEY
Enabling key: '$KEY_MY_ROOT_KEY', in instance: '$INSTANCE'...
OK
[exit 0]

# Roles: dave is a Reader.
$ sandbox as dave
Now acting as dave (dave@example.com): Key Protect Reader; databases Viewer
[exit 0]
$ ibmcloud kp key create daves-key
Creating key: 'daves-key', in instance: '$INSTANCE'...
! FAILED
! kp.Error: correlation_id='b93c9458-c878-46b4-8405-64f8e60f1b82', msg='Unauthorized: The user does not have access to the specified resource'
[exit 1]
$ sandbox as alice
Now acting as alice (alice@example.com): Key Protect Manager; databases Administrator
[exit 0]

# Dual authorization delete: alice authorizes, bob deletes.
$ ibmcloud kp key policy-update dual-auth-delete $KEY_MY_IMPORTED_KEY -e
Setting a rotation interval for key ID: $KEY_MY_IMPORTED_KEY...
OK

Key ID          $KEY_MY_IMPORTED_KEY
Created By      IBMid-14452A0856
Creation Date   2026-01-01T00:00:30Z
Last Updated    2026-01-01T00:00:30Z
Updated By      IBMid-14452A0856
Enabled         true
[exit 0]
$ ibmcloud kp key delete $KEY_MY_IMPORTED_KEY
Deleting key: $KEY_MY_IMPORTED_KEY, from instance: $INSTANCE...
! FAILED
! kp.Error: correlation_id='1c8355eb-114c-4bb4-bbed-9bd90c2ed4da', msg='Conflict: Key could not be deleted: Please see 'reasons' for more details (AUTHORIZATIONS_NOT_MET)', reasons='[AUTHORIZATIONS_NOT_MET: Number of authorizations required to delete is not met - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key schedule-delete $KEY_MY_IMPORTED_KEY
Scheduling key for deletion...
OK
[exit 0]
$ ibmcloud kp key delete $KEY_MY_IMPORTED_KEY
Deleting key: $KEY_MY_IMPORTED_KEY, from instance: $INSTANCE...
! FAILED
! kp.Error: correlation_id='d30202c5-1dcb-4996-a229-9799b399689f', msg='Conflict: Key could not be deleted: Please see 'reasons' for more details (AUTHORIZATIONS_NOT_MET)', reasons='[AUTHORIZATIONS_NOT_MET: Number of authorizations required to delete is not met - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ sandbox as bob
Now acting as bob (bob@example.com): Key Protect Manager; databases Editor
[exit 0]
$ ibmcloud kp key delete $KEY_MY_IMPORTED_KEY
Deleting key: $KEY_MY_IMPORTED_KEY, from instance: $INSTANCE...
OK
Deleted Key
$KEY_MY_IMPORTED_KEY
[exit 0]
$ sandbox as alice
Now acting as alice (alice@example.com): Key Protect Manager; databases Administrator
[exit 0]

# Delete, restore, purge.
$ ibmcloud kp key delete $KEY_MY_STANDARD_KEY
Deleting key: $KEY_MY_STANDARD_KEY, from instance: $INSTANCE...
OK
Deleted Key
$KEY_MY_STANDARD_KEY
[exit 0]
$ ibmcloud kp key show $KEY_MY_STANDARD_KEY
Grabbing info for key id: $KEY_MY_STANDARD_KEY...
OK
Key ID                                 Key Name          Description   Creation Date                   Expiration Date
$KEY_MY_STANDARD_KEY                   my-standard-key   for the app   2026-01-01 00:00:00 +0000 UTC   Key does not expire
[exit 0]
$ ibmcloud kp key purge $KEY_MY_STANDARD_KEY
Purging key: $KEY_MY_STANDARD_KEY, from instance: $INSTANCE...
! FAILED
! kp.Error: correlation_id='8b7c36e6-7516-44ff-853a-412e85dbb59c', msg='Unauthorized: The user does not have access to the specified resource'
[exit 1]
$ ibmcloud kp key restore $KEY_MY_STANDARD_KEY
Restoring key: '$KEY_MY_STANDARD_KEY', in instance: '$INSTANCE'...
! FAILED
! kp.Error: correlation_id='3e0b811c-d445-4a20-9dbb-dc860db2ec44', msg='Bad Request: Key could not be restored: Please see 'reasons' for more details (KEY_ROOT_REQ_ERR)', reasons='[KEY_ROOT_REQ_ERR: Requested action can only be completed with a root key. - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key delete $KEY_MY_STANDARD_KEY -o json
! FAILED
! kp.Error: correlation_id='dcbfe140-5b7e-453c-a254-9be6960e3d3c', msg='Gone: Key could not be deleted: Please see 'reasons' for more details (KEY_DELETED_ERR)', reasons='[KEY_DELETED_ERR: Key has already been deleted. Please delete references to this key. - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ sandbox advance 4h
Advanced 4h: the clock is now 2026-01-01T04:00:30Z
[exit 0]
$ ibmcloud kp key restore $KEY_MY_IMPORTED_KEY
Restoring key: '$KEY_MY_IMPORTED_KEY', in instance: '$INSTANCE'...
! FAILED
! kp.Error: correlation_id='62fb5675-7e30-4816-960b-f3aa0b35a4c4', msg='Bad Request: Key could not be restored: Please see 'reasons' for more details (KEY_PAYLOAD_REQ_ERR)', reasons='[KEY_PAYLOAD_REQ_ERR: This root key was created with user-supplied key material: Key material is required to perform a 'restore' action - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key restore $KEY_MY_IMPORTED_KEY -k ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=
Restoring key: '$KEY_MY_IMPORTED_KEY', in instance: '$INSTANCE'...
OK
Key ID                                 Key Name
$KEY_MY_IMPORTED_KEY                   my-imported-key
[exit 0]
$ ibmcloud kp key show $KEY_MY_IMPORTED_KEY
Grabbing info for key id: $KEY_MY_IMPORTED_KEY...
OK
Key ID                                 Key Name          Description   Creation Date                   Expiration Date
$KEY_MY_IMPORTED_KEY                   my-imported-key                 2026-01-01 00:00:00 +0000 UTC   Key does not expire
[exit 0]
$ ibmcloud kp key purge $KEY_MY_STANDARD_KEY
Purging key: $KEY_MY_STANDARD_KEY, from instance: $INSTANCE...
! FAILED
! kp.Error: correlation_id='63a2043e-1efb-4dc9-a582-3526dbedbbc7', msg='Unauthorized: The user does not have access to the specified resource'
[exit 1]
$ sandbox roles alice Manager,KeyPurge
OK
alice now has the Key Protect roles Manager,KeyPurge
[exit 0]
$ ibmcloud kp key purge $KEY_MY_STANDARD_KEY
Purging key: $KEY_MY_STANDARD_KEY, from instance: $INSTANCE...
OK
Purged Key
$KEY_MY_STANDARD_KEY
[exit 0]
$ ibmcloud kp key purge $KEY_MY_STANDARD_KEY
Purging key: $KEY_MY_STANDARD_KEY, from instance: $INSTANCE...
! FAILED
! kp.Error: correlation_id='8932239f-cb9f-4760-8b5f-1a24cd5eeb23', msg='Not Found: Key could not be purged: Please see 'reasons' for more details (KEY_NOT_FOUND_ERR)', reasons='[KEY_NOT_FOUND_ERR: key does not exist - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ sandbox as carol
Now acting as carol (carol@example.com): Key Protect Writer; databases Operator
[exit 0]
$ sandbox roles carol KeyPurge
! FAILED
! Only the account owner can do this: manage roles, Key Protect instances and the sandbox's settings
[exit 1]
$ sandbox as alice
Now acting as alice (alice@example.com): Key Protect Manager,KeyPurge; databases Administrator
[exit 0]
$ ibmcloud kp key show 11111111-2222-3333-4444-555555555555
Grabbing info for key id: 11111111-2222-3333-4444-555555555555...
! FAILED
! kp.Error: correlation_id='3779a6ee-eaad-4812-b906-26479eb23032', msg='Not Found: Key could not be retrieved: Please see 'reasons' for more details (KEY_NOT_FOUND_ERR)', reasons='[KEY_NOT_FOUND_ERR: key does not exist - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp keys --key-states 1,2,3,5
Retrieving keys...
OK
Key ID                                 Key Name
$KEY_MY_ROOT_KEY                       my-root-key
$KEY_MY_IMPORTED_KEY                   my-imported-key
[exit 0]

# Registrations, key rings, sync.
$ ibmcloud kp registrations
Retrieving registrations...
OK
Key ID   Resource CRN   Prevent Key Deletion   Creation Date
[exit 0]
$ ibmcloud kp registrations -k $KEY_MY_ROOT_KEY -o json
[]
[exit 0]
$ ibmcloud kp key-rings
Retrieving key rings...
OK
Key Ring ID   Creation Date          Created By
default       2026-01-01T00:00:00Z   IBMid-14452A0856
[exit 0]
$ ibmcloud kp key sync $KEY_MY_ROOT_KEY
Synchronizing key...
OK
Key's associated resources are synchronized successfully
[exit 0]
