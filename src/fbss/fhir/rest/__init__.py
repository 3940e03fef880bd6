"""The FHIR R4 REST API inside the web app: CapabilityStatement, read and search of every patient's record as
resources, Patient/$everything, Bulk Data $export (with fbss.fhir.bulk) and import into the database.

Resources are made by the same mapping as `fbss fhir export` from the stored record and its assessment
snapshot; access rules and the audit log are the web app's (fbss.web.access, fbss.web.context).
"""
