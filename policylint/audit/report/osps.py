"""The OpenSSF Open Source Project Security (OSPS) Baseline: every assessment requirement
(control) with the lowest maturity level it applies at, and its control's title.

Transcribed from the baseline's catalog (``baseline/OSPS-*.yaml`` of
https://github.com/ossf/security-baseline, commit b834f71, 2026-07-07). Packs tag their rules
with these ids (``tags: [OSPS-GV-03.01]``); the audit report's Baseline view shows, level by
level, which controls the effective policy covers and how many repositories pass them. A test
checks that every OSPS tag of the built-in packs is listed here.
"""

from __future__ import annotations

from typing import NamedTuple


class Control(NamedTuple):
    id: str
    level: int  # the lowest maturity level (1-3) whose projects must meet it
    title: str


URL = "https://baseline.openssf.org/"
LEVELS = (1, 2, 3)
CONTROLS: tuple[Control, ...] = (
    Control("OSPS-AC-01.01", 1, "Use MFA for Sensitive Actions"),
    Control("OSPS-AC-02.01", 1, "Restrict Collaborator Permissions"),
    Control("OSPS-AC-03.01", 1, "Protect the Primary Branch from Accidental Modification"),
    Control("OSPS-AC-03.02", 1, "Protect the Primary Branch from Accidental Modification"),
    Control("OSPS-AC-04.01", 2, "Enforce Least Privilege on CI/CD Pipelines"),
    Control("OSPS-AC-04.02", 3, "Enforce Least Privilege on CI/CD Pipelines"),
    Control("OSPS-BR-01.01", 1, "Prevent Untrusted Input When Building & Releasing"),
    Control("OSPS-BR-01.02", 1, "Prevent Untrusted Input When Building & Releasing"),
    Control("OSPS-BR-01.03", 1, "Prevent Untrusted Input When Building & Releasing"),
    Control("OSPS-BR-01.04", 3, "Prevent Untrusted Input When Building & Releasing"),
    Control("OSPS-BR-02.01", 2, "Assign Unique Version Identifiers"),
    Control("OSPS-BR-02.02", 3, "Assign Unique Version Identifiers"),
    Control("OSPS-BR-03.01", 1, "Use Encrypted Channels for Development & Release Activity"),
    Control("OSPS-BR-03.02", 1, "Use Encrypted Channels for Development & Release Activity"),
    Control("OSPS-BR-04.01", 2, "Publish Change Log With Release"),
    Control("OSPS-BR-05.01", 2, "Use Standardized Dependency Management Tools"),
    Control("OSPS-BR-06.01", 2, "Include Signatures and Hashes With Release"),
    Control("OSPS-BR-07.01", 1, "Secure Secrets and Credentials"),
    Control("OSPS-BR-07.02", 3, "Secure Secrets and Credentials"),
    Control("OSPS-DO-01.01", 1, "Publish User Guides for Basic Functionality"),
    Control("OSPS-DO-02.01", 1, "Provide Mechanisms for Reporting Defects"),
    Control("OSPS-DO-03.01", 3, "Publish Provenance Verification Instructions"),
    Control("OSPS-DO-03.02", 3, "Publish Provenance Verification Instructions"),
    Control("OSPS-DO-04.01", 3, "Publish Support Scope and Duration"),
    Control("OSPS-DO-05.01", 3, "Document Security Update Scope and Duration"),
    Control("OSPS-DO-06.01", 2, "Publish Dependency Management Policy"),
    Control("OSPS-DO-07.01", 2, "Provide Instructions on How to Build From Source"),
    Control("OSPS-GV-01.01", 2, "Publish Project Roles and Responsibilities"),
    Control("OSPS-GV-01.02", 2, "Publish Project Roles and Responsibilities"),
    Control("OSPS-GV-02.01", 1, "Provide Public Discussion Mechanisms"),
    Control("OSPS-GV-03.01", 1, "Publish Contribution Guide"),
    Control("OSPS-GV-03.02", 2, "Publish Contribution Guide"),
    Control("OSPS-GV-04.01", 3, "Require Formal Review of Permission Grants"),
    Control("OSPS-LE-01.01", 2, "Require Code Contributors to Assert Right to Commit"),
    Control("OSPS-LE-02.01", 1, "Ensure Project Licenses are Fully Open Source"),
    Control("OSPS-LE-02.02", 1, "Ensure Project Licenses are Fully Open Source"),
    Control("OSPS-LE-03.01", 1, "Maintain and Release Licenses in a Well Known Location"),
    Control("OSPS-LE-03.02", 1, "Maintain and Release Licenses in a Well Known Location"),
    Control("OSPS-QA-01.01", 1, "Publish Source Code and Change History"),
    Control("OSPS-QA-01.02", 1, "Publish Source Code and Change History"),
    Control("OSPS-QA-02.01", 1, "Publish Software Dependencies"),
    Control("OSPS-QA-02.02", 3, "Publish Software Dependencies"),
    Control("OSPS-QA-03.01", 2, "Address Pass/Fail Checks Before Accepting Changes"),
    Control("OSPS-QA-04.01", 1, "Enforce Security Requirements on All Codebases"),
    Control("OSPS-QA-04.02", 3, "Enforce Security Requirements on All Codebases"),
    Control("OSPS-QA-05.01", 1, "Prevent Executables in the Codebase"),
    Control("OSPS-QA-05.02", 1, "Prevent Executables in the Codebase"),
    Control("OSPS-QA-06.01", 2, "Use Automated Testing in CI/CD Pipelines"),
    Control("OSPS-QA-06.02", 3, "Use Automated Testing in CI/CD Pipelines"),
    Control("OSPS-QA-06.03", 3, "Use Automated Testing in CI/CD Pipelines"),
    Control("OSPS-QA-07.01", 3, "Require Merge Approvals"),
    Control("OSPS-SA-01.01", 2, "Publish Design Descriptions of System Actors and Actions"),
    Control("OSPS-SA-02.01", 2, "Publish External Interface Descriptions"),
    Control("OSPS-SA-03.01", 2, "Maintain a Project Security Assessment"),
    Control("OSPS-SA-03.02", 3, "Maintain a Project Security Assessment"),
    Control("OSPS-VM-01.01", 2, "Publish Coordinated Vulnerability Disclosure Policy"),
    Control("OSPS-VM-02.01", 1, "Publish Contacts and Process for Reporting Vulnerabilities"),
    Control("OSPS-VM-03.01", 2, "Maintain Private Vulnerability Reporting Process"),
    Control("OSPS-VM-04.01", 2, "Publish Discovered Vulnerabilities"),
    Control("OSPS-VM-04.02", 3, "Publish Discovered Vulnerabilities"),
    Control("OSPS-VM-05.01", 3, "Publish and Enforce a Dependency Remediation Policy"),
    Control("OSPS-VM-05.02", 3, "Publish and Enforce a Dependency Remediation Policy"),
    Control("OSPS-VM-05.03", 3, "Publish and Enforce a Dependency Remediation Policy"),
    Control("OSPS-VM-06.01", 3, "Publish and Enforce an Application Security Testing Policy"),
    Control("OSPS-VM-06.02", 3, "Publish and Enforce an Application Security Testing Policy"),
)
BY_ID = {control.id: control for control in CONTROLS}
