"""The template side of the sandbox's CloudFormation: parse, check parameters, resolve values.

Only what Chroma's template uses: parameters with defaults, ``Region2AMI``-style mappings,
conditions (``Fn::Equals``/``Fn::Not``/``Fn::If``), ``Ref``, ``Fn::GetAtt``, ``Fn::FindInMap``,
``Fn::Sub``, ``Fn::Base64``, ``Fn::Join``. Errors use CloudFormation's own wording.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

NO_VALUE = object()  # AWS::NoValue: the property is left out


class TemplateProblem(Exception):
    """Becomes a ``ValidationError`` with this message."""


@dataclass(frozen=True)
class ParsedTemplate:
    body: str
    data: dict[str, Any]

    @property
    def description(self) -> str:
        return str(self.data.get("Description", ""))

    @property
    def parameters(self) -> dict[str, dict[str, Any]]:
        return dict(self.data.get("Parameters") or {})

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return dict(self.data.get("Resources") or {})

    @property
    def outputs(self) -> dict[str, dict[str, Any]]:
        return dict(self.data.get("Outputs") or {})

    def resource_types(self) -> list[str]:
        return sorted({str(r.get("Type", "")) for r in self.resources.values()})


def parse(body: str) -> ParsedTemplate:
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise TemplateProblem("Template format error: JSON not well-formed.") from exc
    if not isinstance(data, dict):
        raise TemplateProblem("Template format error: JSON not well-formed.")
    if not data.get("Resources"):
        raise TemplateProblem(
            "Template format error: At least one Resources member must be defined."
        )
    return ParsedTemplate(body=body, data=data)


def resolve_parameters(template: ParsedTemplate, given: Mapping[str, str]) -> dict[str, str]:
    """Given values over defaults; undeclared or missing ones fail like CloudFormation."""
    declared = template.parameters
    unknown = [name for name in given if name not in declared]
    if unknown:
        raise TemplateProblem(f"Parameters: [{', '.join(unknown)}] do not exist in the template")
    values: dict[str, str] = {}
    missing: list[str] = []
    for name, spec in declared.items():
        if name in given:
            values[name] = given[name]
        elif "Default" in spec:
            values[name] = str(spec["Default"])
        else:
            missing.append(name)
    if missing:
        raise TemplateProblem(f"Parameters: [{', '.join(missing)}] must have values")
    for name, spec in declared.items():
        allowed = spec.get("AllowedValues")
        if allowed and values[name] not in [str(a) for a in allowed]:
            raise TemplateProblem(f"Parameter '{name}' must be one of AllowedValues")
    return values


def dependency_order(template: ParsedTemplate) -> list[str]:
    """Logical ids so that each resource comes after those it references."""
    resources = template.resources
    deps = {name: _references(spec, set(resources)) - {name} for name, spec in resources.items()}
    order: list[str] = []
    while len(order) < len(resources):
        ready = [n for n in resources if n not in order and deps[n] <= set(order)]
        if not ready:
            raise TemplateProblem("Template format error: Circular dependency between resources")
        order.extend(ready)
    return order


def _references(node: Any, names: set[str]) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        if "Ref" in node and node["Ref"] in names:
            found.add(node["Ref"])
        getatt = node.get("Fn::GetAtt")
        if isinstance(getatt, list) and getatt and getatt[0] in names:
            found.add(getatt[0])
        for value in node.values():
            found |= _references(value, names)
    elif isinstance(node, list):
        for value in node:
            found |= _references(value, names)
    return found


class Resolver:
    """Evaluates intrinsic functions against parameters, pseudo parameters and resources."""

    def __init__(
        self,
        template: ParsedTemplate,
        parameters: Mapping[str, str],
        pseudo: Mapping[str, str],
        ref_resource: Callable[[str], str] = lambda name: "",
        get_att: Callable[[str, str], str] = lambda name, attr: "",
    ) -> None:
        self.template = template
        self.parameters = parameters
        self.pseudo = pseudo
        self.ref_resource = ref_resource
        self.get_att = get_att

    def check_mappings(self) -> None:
        """Resolve every ``Fn::FindInMap`` once, so a missing region fails at CreateStack."""
        for spec in self.template.resources.values():
            self._find_maps(spec.get("Properties") or {})

    def _find_maps(self, node: Any) -> None:
        if isinstance(node, dict):
            if "Fn::FindInMap" in node:
                self.value(node)
            for value in node.values():
                self._find_maps(value)
        elif isinstance(node, list):
            for value in node:
                self._find_maps(value)

    def condition(self, name: str) -> bool:
        conditions = self.template.data.get("Conditions") or {}
        if name not in conditions:
            raise TemplateProblem(f"Template format error: Unresolved condition {name}")
        return bool(self.value(conditions[name]))

    def properties(self, logical_id: str) -> dict[str, Any]:
        spec = self.template.resources[logical_id].get("Properties") or {}
        resolved = self.value(spec)
        return resolved if isinstance(resolved, dict) else {}

    def value(self, node: Any) -> Any:
        if isinstance(node, list):
            items = [self.value(v) for v in node]
            return [v for v in items if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            ((key, arg),) = node.items()
            if key == "Ref":
                return self._ref(str(arg))
            if key == "Fn::GetAtt":
                name, attr = arg if isinstance(arg, list) else str(arg).split(".", 1)
                return self.get_att(name, attr)
            if key == "Fn::FindInMap":
                return self._find_in_map([self.value(a) for a in arg])
            if key == "Fn::If":
                cond, yes, no = arg
                return self.value(yes if self.condition(cond) else no)
            if key == "Fn::Equals":
                left, right = (self.value(a) for a in arg)
                return str(left) == str(right)
            if key == "Fn::Not":
                return not self.value(arg[0])
            if key == "Fn::Base64":
                text = str(self.value(arg))
                return base64.b64encode(text.encode()).decode()
            if key == "Fn::Join":
                sep, items = arg
                return str(sep).join(str(v) for v in self.value(items))
            if key == "Fn::Sub":
                return self._sub(arg)
            if key == "Condition":
                return self.condition(str(arg))
        out = {k: self.value(v) for k, v in node.items()}
        return {k: v for k, v in out.items() if v is not NO_VALUE}

    def _ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if name in self.template.resources:
            return self.ref_resource(name)
        raise TemplateProblem(f"Template format error: Unresolved resource dependencies [{name}]")

    def _find_in_map(self, args: list[Any]) -> Any:
        map_name, top, second = (str(a) for a in args)
        mapping = (self.template.data.get("Mappings") or {}).get(map_name) or {}
        try:
            return mapping[top][second]
        except (KeyError, TypeError):
            raise TemplateProblem(
                f"Template error: Unable to get mapping for {map_name}::{top}::{second}"
            ) from None

    def _sub(self, arg: Any) -> str:
        text, extra = (arg, {}) if isinstance(arg, str) else (arg[0], self.value(arg[1]))

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in extra:
                return str(extra[name])
            if "." in name:
                res, attr = name.split(".", 1)
                return str(self.get_att(res, attr))
            return str(self._ref(name))

        return re.sub(r"\$\{([^}!][^}]*)\}", replace, str(text))
