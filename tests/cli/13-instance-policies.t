# Instance policies, as key-protect-cli-commands.md shows them for dual authorization delete:
# enable it for the instance, read it back (table and JSON), and see a new key need two users.

$ ibmcloud kp instance policies
Retrieving policy details for instance: $INSTANCE...
OK
The instance has no policies.
[exit 0]
$ ibmcloud kp instance policy-update dual-auth-delete --enable
Updating instance policy...
OK
[exit 0]
$ ibmcloud kp instance policies
Retrieving policy details for instance: $INSTANCE...
OK
Created By      IBMid-14452A0856
Creation Date   2026-01-01T00:00:00Z
Last Updated    2026-01-01T00:00:00Z
Updated By      IBMid-14452A0856
Policy Type     dualAuthDelete
Enabled         true
[exit 0]
$ ibmcloud kp instance policies --output json | jq -r '.[0].policy_type, .[0].policy_data.enabled'
dualAuthDelete
true
[exit 0]
$ ibmcloud kp instance policies -d -o json | jq length
1
[exit 0]
$ export KEY_ID=$(ibmcloud kp key create two-person-key -o json | jq -r .id)
[exit 0]
$ ibmcloud kp key policies $KEY_ID -o json | jq -c '.[] | select(.dualAuthDelete) | .dualAuthDelete'
{"enabled":true}
[exit 0]
$ ibmcloud kp key delete $KEY_ID
Deleting key: $KEY_TWO_PERSON_KEY, from instance: $INSTANCE...
! FAILED
! kp.Error: correlation_id='44cc2005-963f-4ea6-8e81-42911f2e5f3c', msg='Conflict: Key could not be deleted: Please see 'reasons' for more details (AUTHORIZATIONS_NOT_MET)', reasons='[AUTHORIZATIONS_NOT_MET: Number of authorizations required to delete is not met - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp instance policy-update dual-auth-delete
! FAILED
! Incorrect Usage. Give -e (--enable) or -d (--disable).
[exit 2]
$ ibmcloud kp instance policy-update dual-auth-delete -e -d
! FAILED
! Incorrect Usage. Give -e (--enable) or -d (--disable), not both.
[exit 2]
$ ibmcloud kp instance policy-update dual-auth-delete --disable
Updating instance policy...
OK
[exit 0]
$ ibmcloud kp instance policies -o json | jq -r '.[0].policy_data.enabled'
false
[exit 0]
