# The Key Protect "Provisioning the service" page (provision.md) and its CLI login steps, pasted with
# the placeholders filled in: the sandbox is always logged in, instances are created at once.

$ ibmcloud login
The sandbox is always logged in: you act as alice (alice@example.com) in account $ACCOUNT, region us-south. 'sandbox as USER' changes the user.
[exit 0]
$ ibmcloud login --sso
The sandbox is always logged in: you act as alice (alice@example.com) in account $ACCOUNT, region us-south. 'sandbox as USER' changes the user.
[exit 0]
$ ibmcloud target -r us-south -g Default
The sandbox is always logged in: you act as alice (alice@example.com) in account $ACCOUNT, region us-south. 'sandbox as USER' changes the user.
[exit 0]
$ ibmcloud resource service-instance-create my-kp kms tiered-pricing us-south
Creating service instance my-kp in resource group Default of account $ACCOUNT as alice@example.com...
OK
Service instance my-kp was created.

Name:                  my-kp
ID:                    crn:v1:bluemix:public:kms:us-south:a/$ACCOUNT:877c0822-c1c2-4814-af38-31cdc6c3c97d::
GUID:                  877c0822-c1c2-4814-af38-31cdc6c3c97d
Location:              us-south
Service Name:          kms
Service Plan Name:     tiered-pricing
Resource Group Name:   Default
State:                 active
Type:                  service_instance
Created at:            2026-01-01T00:00:00Z
Last Operation:        create succeeded (Completed create instance operation)
[exit 0]
$ ibmcloud resource service-instance-create my-private-kp kms tiered-pricing us-south -p '{"allowed_network": "private-only"}'
Creating service instance my-private-kp in resource group Default of account $ACCOUNT as alice@example.com...
OK
Service instance my-private-kp was created.

Name:                  my-private-kp
ID:                    crn:v1:bluemix:public:kms:us-south:a/$ACCOUNT:c15468ab-ccdf-4c9c-82c3-e120ce4a8a59::
GUID:                  c15468ab-ccdf-4c9c-82c3-e120ce4a8a59
Location:              us-south
Service Name:          kms
Service Plan Name:     tiered-pricing
Resource Group Name:   Default
State:                 active
Type:                  service_instance
Created at:            2026-01-01T00:00:00Z
Last Operation:        create succeeded (Completed create instance operation)
[exit 0]
$ ibmcloud resource service-instances
Retrieving instances with type service_instance in all resource groups in all locations under account $ACCOUNT as alice@example.com...
OK
Name                  Location   State    Service   GUID
Key Protect-sandbox   us-south   active   kms       $INSTANCE
my-kp                 us-south   active   kms       877c0822-c1c2-4814-af38-31cdc6c3c97d
my-private-kp         us-south   active   kms       c15468ab-ccdf-4c9c-82c3-e120ce4a8a59
[exit 0]
$ ibmcloud resource service-instance my-kp
Retrieving service instance my-kp in all resource groups under account $ACCOUNT as alice@example.com...
OK

Name:                  my-kp
ID:                    crn:v1:bluemix:public:kms:us-south:a/$ACCOUNT:877c0822-c1c2-4814-af38-31cdc6c3c97d::
GUID:                  877c0822-c1c2-4814-af38-31cdc6c3c97d
Location:              us-south
Service Name:          kms
Service Plan Name:     tiered-pricing
Resource Group Name:   Default
State:                 active
Type:                  service_instance
Created at:            2026-01-01T00:00:00Z
Last Operation:        create succeeded (Completed create instance operation)
[exit 0]

# "ibmcloud kp keys -i <instance guid>" works against any instance of the account.
$ KP_GUID=$(ibmcloud resource service-instances --output json | jq -r '.[] | select(.name == "my-kp") | .guid')
> ibmcloud kp keys -i $KP_GUID
Retrieving keys...
OK
Key ID   Key Name
[exit 0]
