# IAM service-to-service authorizations: create, list, read, delete; duplicates, bad roles and
# services refused clearly; only Administrators change them.

set $body = {"type":"authorization","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-redis"}]}],"roles":[{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$instance"}]}]}
bob POST /v1/policies $body
  403 insufficent_permissions: bob cannot manage authorizations: that needs the Administrator role (has Editor)
  ~ iam-am.policy.create failure critical 403 by bob
alice POST /v1/policies $body -> $p1
  201
  {"id":"$p1","resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$instance"}]}],"roles":[{"description":"As a reader, you can perform read-only actions within a service such as viewing service-specific resources.","display_name":"Reader","role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"state":"active","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-redis"}]}]}
  ~ iam-am.policy.create success normal 201 by alice
alice POST /v1/policies $body
  409 policy_conflict_error: The policy wasn't created because an access policy with identical attributes and roles already exists. Please update the rule in the existing policy ($p1), or update the one you're trying to assign to include a different attribute assignment.
  ~ iam-am.policy.create failure warning 409 by alice
!dave GET /v1/policies?account_id=$account&type=authorization
  200
  {
    "policies": [
      {
        "created_at": "2026-01-01T00:00:00Z",
        "created_by_id": "IBMid-14452A0856",
        "href": "https://iam.cloud.ibm.com/v1/policies/$p1",
        "id": "$p1",
        "last_modified_at": "2026-01-01T00:00:00Z",
        "last_modified_by_id": "IBMid-14452A0856",
        "resources": [
          {
            "attributes": [
              {
                "name": "accountId",
                "operator": "stringEquals",
                "value": "$account"
              },
              {
                "name": "serviceName",
                "operator": "stringEquals",
                "value": "kms"
              },
              {
                "name": "serviceInstance",
                "operator": "stringEquals",
                "value": "$instance"
              }
            ]
          }
        ],
        "roles": [
          {
            "description": "As a reader, you can perform read-only actions within a service such as viewing service-specific resources.",
            "display_name": "Reader",
            "role_id": "crn:v1:bluemix:public:iam::::serviceRole:Reader"
          }
        ],
        "state": "active",
        "subjects": [
          {
            "attributes": [
              {
                "name": "accountId",
                "value": "$account"
              },
              {
                "name": "serviceName",
                "value": "databases-for-redis"
              }
            ]
          }
        ],
        "type": "authorization"
      }
    ]
  }
  ~ iam-am.policy.list success normal 200 by dave
dave GET /v1/policies
  400 missing_required_query_parameter: The query parameter 'account_id' is required
  ~ iam-am.policy.request failure warning 400 by dave
dave GET /v1/policies?account_id=someone-else
  403 insufficent_permissions: You are not allowed to list the policies of account someone-else
  ~ iam-am.policy.request failure critical 403 by dave
dave GET /v1/policies/$p1
  200
  {"id":"$p1","resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$instance"}]}],"roles":[{"description":"As a reader, you can perform read-only actions within a service such as viewing service-specific resources.","display_name":"Reader","role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"state":"active","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-redis"}]}]}
  ~ iam-am.policy.read success normal 200 by dave
alice GET /v1/policies/00000000-0000-4000-8000-000000000000
  404 policy_not_found: Policy with ID '00000000-0000-4000-8000-000000000000' not found
  ~ iam-am.policy.read failure normal 404 by alice

# One deployment of a service only: the source instance narrows the authorization.
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"databases-for-etcd"},{"name":"serviceInstance","value":"0b5a7c44-8e0d-4d6a-9d7e-5b1f2c3d4e5f"}]}],"roles":[{"role_id":"Reader"}],"resources":[{"attributes":[{"name":"serviceName","value":"kms"}]}]}
  201
  {"id":"69715a48-9fb3-4936-b955-93e5632178a2","resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"}]}],"roles":[{"description":"As a reader, you can perform read-only actions within a service such as viewing service-specific resources.","display_name":"Reader","role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"state":"active","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-etcd"},{"name":"serviceInstance","value":"0b5a7c44-8e0d-4d6a-9d7e-5b1f2c3d4e5f"}]}]}
  ~ iam-am.policy.create success normal 201 by alice

# Refusals.
alice POST /v1/policies {"type":"access","subjects":[],"roles":[],"resources":[]}
  400 invalid_body: The sandbox's IAM creates service-to-service policies only: set "type": "authorization"
  ~ iam-am.policy.request failure warning 400 by alice
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"cloud-object-storage"}]}],"roles":[{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"resources":[{"attributes":[{"name":"serviceName","value":"kms"}]}]}
  400 invalid_body: The source service 'cloud-object-storage' cannot be authorized to use Key Protect: use one of databases-for-postgresql, databases-for-mongodb, databases-for-redis, databases-for-elasticsearch, databases-for-mysql, databases-for-etcd, databases-for-enterprisedb, messages-for-rabbitmq
  ~ iam-am.policy.create failure warning 400 by alice
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"databases-for-mysql"}]}],"roles":[{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:Writer"}],"resources":[{"attributes":[{"name":"serviceName","value":"kms"}]}]}
  404 role_not_found: Role 'crn:v1:bluemix:public:iam::::serviceRole:Writer' was not found: an authorization from databases-for-mysql to kms can grant Reader and AuthorizationDelegator
  ~ iam-am.policy.request failure normal 404 by alice
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"databases-for-mysql"}]}],"roles":[],"resources":[{"attributes":[{"name":"serviceName","value":"kms"}]}]}
  400 role_not_found: An authorization needs at least one role: Reader, and AuthorizationDelegator for backup keys
  ~ iam-am.policy.create failure warning 400 by alice
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"databases-for-mysql"}]}],"roles":[{"role_id":"Reader"}],"resources":[{"attributes":[{"name":"serviceName","value":"cloud-object-storage"}]}]}
  400 invalid_body: The target service 'cloud-object-storage' is not a key management service: use kms (Key Protect) or hs-crypto
  ~ iam-am.policy.create failure warning 400 by alice
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"databases-for-mysql"}]}],"roles":[{"role_id":"Reader"}],"resources":[{"attributes":[{"name":"serviceName","value":"kms"},{"name":"serviceInstance","value":"crn:v1:bluemix:public:kms:us-south:a/$account:$instance::"}]}]}
  400 invalid_body: 'serviceInstance' takes the instance GUID, not its CRN
  ~ iam-am.policy.request failure warning 400 by alice
alice POST /v1/policies {"type":"authorization","subjects":[{"attributes":[{"name":"serviceName","value":"databases-for-mysql"},{"name":"accountId","value":"elsewhere"}]}],"roles":[{"role_id":"Reader"}],"resources":[{"attributes":[{"name":"serviceName","value":"kms"}]}]}
  403 insufficent_permissions: Account elsewhere is not this sandbox's account $account
  ~ iam-am.policy.request failure critical 403 by alice
alice POST /v1/policies 'not json'
  400 BAD_BODY_ERR: Invalid body data was passed: Please ensure the data passed had valid formatting with no invalid characters: the body is not JSON: expected ident at line 1 column 2
  ~ iam-am.policy.request failure warning 400 by alice
alice PATCH /v1/policies/$p1
  404 not_found: There is no IAM operation PATCH /v1/policies/$p1
  ~ iam-am.policy.request failure normal 404 by alice

# Delete.
bob DELETE /v1/policies/$p1
  403 insufficent_permissions: bob cannot manage authorizations: that needs the Administrator role (has Editor)
  ~ iam-am.policy.delete failure critical 403 by bob
alice DELETE /v1/policies/$p1
  204
  ~ iam-am.policy.delete success normal 204 by alice
alice DELETE /v1/policies/$p1
  404 policy_not_found: Policy with ID '$p1' not found
  ~ iam-am.policy.delete failure normal 404 by alice
dave GET /v1/policies?account_id=$account
  200
  {"id":"69715a48-9fb3-4936-b955-93e5632178a2","resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"}]}],"roles":[{"description":"As a reader, you can perform read-only actions within a service such as viewing service-specific resources.","display_name":"Reader","role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"state":"active","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-etcd"},{"name":"serviceInstance","value":"0b5a7c44-8e0d-4d6a-9d7e-5b1f2c3d4e5f"}]}]}
  ~ iam-am.policy.list success normal 200 by dave

# Roles are changed by the owner through the sandbox API.
bob PUT /sandbox/v1/users/carol/roles {"databases":"Administrator"}
  403 FORBIDDEN_ERR: Only the account owner can do this: manage roles, Key Protect instances and the sandbox's settings
  ~ iam-am.policy.update failure critical 403 by bob
alice PUT /sandbox/v1/users/carol/roles {"databases":"Administrator"}
  204
  ~ iam-am.policy.update success normal 204 by alice
alice PUT /sandbox/v1/users/carol/roles {"kms":["Manager","KeyPurge"]}
  204
  ~ iam-am.policy.update success normal 204 by alice
alice PUT /sandbox/v1/users/carol/roles {"kms":["Owner"]}
  400 INVALID_FIELD_ERR: The field 'kms' must be: Reader, ReaderPlus, Writer, Manager or KeyPurge
  ~ sandbox.request failure warning 400 by alice
carol POST /v1/policies $body
  201
  {"id":"8932239f-cb9f-4760-8b5f-1a24cd5eeb23","resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"$account"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"$instance"}]}],"roles":[{"description":"As a reader, you can perform read-only actions within a service such as viewing service-specific resources.","display_name":"Reader","role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"state":"active","subjects":[{"attributes":[{"name":"accountId","value":"$account"},{"name":"serviceName","value":"databases-for-redis"}]}]}
  ~ iam-am.policy.create success normal 201 by carol
