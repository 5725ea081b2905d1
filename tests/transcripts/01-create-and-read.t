# Creating root and standard keys, generated and imported, and reading them back.

alice POST /keys [{"type":"application/vnd.ibm.kms.key+json","name":"root-1","extractable":false,"description":"first root key","aliases":["payments-root"]}] -> $root
  201
  id=$root name=root-1 state=1 extractable=false imported=false aliases=[payments-root] keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"type":"application/vnd.ibm.kms.key+json","name":"std-1","extractable":true,"payload":"c2VjcmV0IHBheWxvYWQ="}] -> $std
  201
  id=$std name=std-1 state=1 extractable=true imported=true keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"imported-root","payload":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}] -> $imported
  201
  id=$imported name=imported-root state=1 extractable=false imported=true keyVersion=$imported dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"aes128-root","payload":"AAECAwQFBgcICQoLDA0ODw=="}] -> $aes128
  201
  id=$aes128 name=aes128-root state=1 extractable=false imported=true keyVersion=$aes128 dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice

# The full representation of a root key.
!alice GET /keys/$root/metadata
  200
  {
    "metadata": {
      "collectionTotal": 1,
      "collectionType": "application/vnd.ibm.kms.key+json"
    },
    "resources": [
      {
        "algorithmMetadata": {
          "bitLength": "256",
          "mode": "GCM"
        },
        "algorithmType": "AES",
        "aliases": [
          "payments-root"
        ],
        "createdBy": "IBMid-14452A0856",
        "creationDate": "2026-01-01T00:00:00Z",
        "crn": "crn:v1:bluemix:public:kms:us-south:a/$account:$instance:key:$root",
        "deleted": false,
        "description": "first root key",
        "dualAuthDelete": {
          "enabled": false
        },
        "extractable": false,
        "id": "$root",
        "imported": false,
        "keyRingID": "default",
        "keyVersion": {
          "creationDate": "2026-01-01T00:00:00Z",
          "id": "$root"
        },
        "lastUpdateDate": "2026-01-01T00:00:00Z",
        "name": "root-1",
        "state": 1,
        "type": "application/vnd.ibm.kms.key+json"
      }
    ]
  }
  ~ kms.secrets-metadata.read success normal 200 by alice

# A standard key's payload needs ReaderPlus; dave is a Reader and may only read metadata.
alice GET /keys/$std
  200
  id=$std name=std-1 state=1 extractable=true imported=true keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.read success normal 200 by alice
dave GET /keys/$std
  401 Unauthorized: The user does not have access to the specified resource
  ~ kms.secrets.read failure critical 401 by dave
dave GET /keys/$std/metadata
  200
  id=$std name=std-1 state=1 extractable=true imported=true keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-metadata.read success normal 200 by dave
roles dave ReaderPlus
  ok
  ~ iam-am.policy.update success normal 204 by alice
dave GET /keys/$std
  200
  id=$std name=std-1 state=1 extractable=true imported=true keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.read success normal 200 by dave

# An alias works wherever an id does.
alice GET /keys/payments-root/metadata
  200
  id=$root name=root-1 state=1 extractable=false imported=false aliases=[payments-root] keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-metadata.read success normal 200 by alice

# Listing leaves out destroyed keys by default, pages with limit and offset, counts with HEAD.
alice GET /keys
  200
  id=$root name=root-1 state=1 extractable=false imported=false aliases=[payments-root] keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$std name=std-1 state=1 extractable=true imported=true keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$imported name=imported-root state=1 extractable=false imported=true keyVersion=$imported dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$aes128 name=aes128-root state=1 extractable=false imported=true keyVersion=$aes128 dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice GET /keys?limit=2&offset=1
  200
  id=$std name=std-1 state=1 extractable=true imported=true keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$imported name=imported-root state=1 extractable=false imported=true keyVersion=$imported dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice HEAD /keys
  200 key-total=4
  ~ kms.secrets.head success normal 200 by alice
alice GET /keys?extractable=true
  200
  id=$std name=std-1 state=1 extractable=true imported=true keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice GET /keys?sort=-name
  200
  id=$std name=std-1 state=1 extractable=true imported=true keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$root name=root-1 state=1 extractable=false imported=false aliases=[payments-root] keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$imported name=imported-root state=1 extractable=false imported=true keyVersion=$imported dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$aes128 name=aes128-root state=1 extractable=false imported=true keyVersion=$aes128 dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice GET /keys?search=root
  200
  id=$root name=root-1 state=1 extractable=false imported=false aliases=[payments-root] keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$imported name=imported-root state=1 extractable=false imported=true keyVersion=$imported dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$aes128 name=aes128-root state=1 extractable=false imported=true keyVersion=$aes128 dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice GET /keys?search=exact:name:root-1
  200
  id=$root name=root-1 state=1 extractable=false imported=false aliases=[payments-root] keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice GET /keys?search=not:root
  200
  id=$std name=std-1 state=1 extractable=true imported=true keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice GET /keys?search=alias:payments
  200
  id=$root name=root-1 state=1 extractable=false imported=false aliases=[payments-root] keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice GET /keys?filter=creationDate=gte:"2026-01-01T00:00:00Z"%20extractable=false
  200
  id=$root name=root-1 state=1 extractable=false imported=false aliases=[payments-root] keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$imported name=imported-root state=1 extractable=false imported=true keyVersion=$imported dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$aes128 name=aes128-root state=1 extractable=false imported=true keyVersion=$aes128 dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice
alice GET /keys?filter=lastRotateDate=null
  200
  id=$root name=root-1 state=1 extractable=false imported=false aliases=[payments-root] keyVersion=$root dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$std name=std-1 state=1 extractable=true imported=true keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$imported name=imported-root state=1 extractable=false imported=true keyVersion=$imported dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  id=$aes128 name=aes128-root state=1 extractable=false imported=true keyVersion=$aes128 dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.list success normal 200 by alice

# Versions: one until the first rotation, with the key's own id.
alice GET /keys/$root/versions
  200
  id=$root creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets-key-versions.list success normal 200 by alice

# Key rings: default always exists; keys can be created in another ring.
alice GET /key_rings
  200
  id=default creationDate=2026-01-01T00:00:00Z
  ~ kms.key-rings.list success normal 200 by alice
carol POST /key_rings/team-a
  201
  ~ kms.key-rings.create success normal 201 by carol
alice POST /keys +x-kms-key-ring=team-a [{"name":"ringed"}] -> $ringed
  201
  id=$ringed name=ringed state=1 extractable=false imported=false keyVersion=$ringed dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys +x-kms-key-ring=nope [{"name":"lost"}]
  404 KEY_RING_NOT_FOUND_ERR: Key ring 'nope' does not exist in this instance
  ~ kms.secrets.create failure normal 404 by alice
alice DELETE /key_rings/team-a
  409 KEY_RING_KEYS_NOT_DELETED_ERR: The key ring has keys that are not deleted: delete them first
  ~ kms.key-rings.delete failure warning 409 by alice
alice DELETE /keys/$ringed
  204
  ~ kms.secrets.delete success critical 200 by alice
alice DELETE /key_rings/team-a
  409 KEY_RING_NOT_EMPTY_ERR: The key ring still holds deleted keys that are not purged: delete it with force=true to move them to the default key ring
  ~ kms.key-rings.delete failure warning 409 by alice

# With force=true a ring whose keys are all destroyed goes; its keys move to the default ring.
alice DELETE /key_rings/team-a?force=true
  204
  ~ kms.key-rings.delete success normal 204 by alice
alice GET /key_rings
  200
  id=default creationDate=2026-01-01T00:00:00Z
  ~ kms.key-rings.list success normal 200 by alice
alice GET /keys/$ringed
  200
  id=$ringed name=ringed state=5 extractable=false imported=false keyVersion=$ringed dualAuthDelete={enabled:false} deleted=true deletionDate=2026-01-01T00:00:00Z restoreAllowed=true purgeAllowed=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.read success normal 200 by alice
