# Envelope encryption: wrap and unwrap with real AES-GCM; AAD binds the ciphertext.

alice POST /keys [{"name":"kek"}] -> $kek
  201
  id=$kek name=kek state=1 extractable=false imported=false keyVersion=$kek dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
alice POST /keys [{"name":"other-kek"}] -> $other
  201
  id=$other name=other-kek state=1 extractable=false imported=false keyVersion=$other dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice

# No plaintext: Key Protect generates a 256-bit DEK and returns it with its wrapped form.
dave POST /keys/$kek/actions/wrap
  200
  keyVersion={id:$kek} plaintext=0RXSuKy4jm0TCaPIMHYaZUTMIAWWPy6mDoFCkR8uXzw= ciphertext=<228 chars>
  ~ kms.secrets.wrap success normal 200 by dave
let $dek = /plaintext
let $ct = /ciphertext
dave POST /keys/$kek/actions/unwrap {"ciphertext":"$ct"}
  200
  keyVersion={id:$kek} plaintext=$dek
  ~ kms.secrets.unwrap success normal 200 by dave

# With AAD, the same AAD must be given to unwrap.
dave POST /keys/$kek/actions/wrap {"plaintext":"$dek","aad":["tenant-a","volume-7"]}
  200
  keyVersion={id:$kek} ciphertext=<228 chars>
  ~ kms.secrets.wrap success normal 200 by dave
let $ct_aad = /ciphertext
dave POST /keys/$kek/actions/unwrap {"ciphertext":"$ct_aad","aad":["tenant-a","volume-7"]}
  200
  keyVersion={id:$kek} plaintext=$dek
  ~ kms.secrets.unwrap success normal 200 by dave
dave POST /keys/$kek/actions/unwrap {"ciphertext":"$ct_aad","aad":["tenant-b","volume-7"]}
  422 UNPROCESSABLE_CIPHERTEXT_ERR: The provided ciphertext is invalid or corrupted
  ~ kms.secrets.unwrap failure normal 422 by dave
dave POST /keys/$kek/actions/unwrap {"ciphertext":"$ct_aad"}
  422 UNPROCESSABLE_CIPHERTEXT_ERR: The provided ciphertext is invalid or corrupted
  ~ kms.secrets.unwrap failure normal 422 by dave

# A ciphertext from another key, a corrupted one, and text that is not base64.
dave POST /keys/$other/actions/unwrap {"ciphertext":"$ct"}
  422 UNPROCESSABLE_CIPHERTEXT_ERR: The provided ciphertext is invalid or corrupted
  ~ kms.secrets.unwrap failure normal 422 by dave
dave POST /keys/$kek/actions/unwrap {"ciphertext":"eyJjaXBoZXJ0ZXh0IjoiQUFBQSIsIml2IjoiQUFBQUFBQUFBQUFBQUFBQSIsInZlcnNpb24iOiI0LjAuMCIsImhhbmRsZSI6Im5vbmUifQ=="}
  422 UNPROCESSABLE_CIPHERTEXT_ERR: The provided ciphertext is invalid or corrupted
  ~ kms.secrets.unwrap failure normal 422 by dave
dave POST /keys/$kek/actions/unwrap {"ciphertext":"not base64!"}
  400 INVALID_FIELD_ERR: The field 'ciphertext' must be: the original base64 encoded ciphertext from the wrap operation [field ciphertext]
  ~ kms.secrets.unwrap failure warning 400 by dave
dave POST /keys/$kek/actions/unwrap {}
  400 INVALID_FIELD_ERR: The field 'ciphertext' must be: the original base64 encoded ciphertext from the wrap operation [field ciphertext]
  ~ kms.secrets.unwrap failure warning 400 by dave
dave POST /keys/$kek/actions/unwrap
  400 NO_BODY_ERR: Missing body in request
  ~ kms.secrets.unwrap failure warning 400 by dave

# Bad plaintexts and AAD.
dave POST /keys/$kek/actions/wrap {"plaintext":"***"}
  400 INVALID_FIELD_ERR: The field 'plaintext' must be: a base64 encoded key material [field plaintext]
  ~ kms.secrets.wrap failure warning 400 by dave
dave POST /keys/$kek/actions/wrap {"plaintext":""}
  400 INVALID_FIELD_ERR: The field 'plaintext' must be: a base64 encoded key material of 1 to 7,500 bytes [field plaintext]
  ~ kms.secrets.wrap failure warning 400 by dave
dave POST /keys/$kek/actions/wrap {"plaintext":"AAAA","aad":["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]}
  400 INVALID_FIELD_ERR: The field 'aad' must be: a list of strings of at most 255 characters each [field aad]
  ~ kms.secrets.wrap failure warning 400 by dave
dave POST /keys/$kek/actions/wrap {"plaintext":"AAAA","aad":"tenant-a"}
  400 BAD_BODY_ERR: Invalid body data was passed: Please ensure the data passed had valid formatting with no invalid characters: json: cannot unmarshal string into field 'aad' of type []string [field aad]
  ~ kms.secrets.wrap failure warning 400 by dave

# Standard keys do not wrap.
alice POST /keys [{"name":"std","extractable":true}] -> $std
  201
  id=$std name=std state=1 extractable=true imported=false keyVersion=$std dualAuthDelete={enabled:false} deleted=false creationDate=2026-01-01T00:00:00Z
  ~ kms.secrets.create success normal 201 by alice
dave POST /keys/$std/actions/wrap
  400 KEY_ROOT_REQ_ERR: Requested action can only be completed with a root key.
  ~ kms.secrets.wrap failure warning 400 by dave

# The older ?action= form of the same call.
dave POST /keys/$kek?action=unwrap {"ciphertext":"$ct"}
  200
  keyVersion={id:$kek} plaintext=$dek
  ~ kms.secrets.unwrap success normal 200 by dave
dave POST /keys/$kek?action=explode
  404 NOT_FOUND_ERR: 'explode' is not a key action: use wrap, unwrap, rewrap, rotate, disable, enable, restore, setKeyForDeletion, unsetKeyForDeletion or sync
  ~ kms.secrets.default failure normal 404 by dave
