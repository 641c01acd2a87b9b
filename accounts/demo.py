"""Demo organisations and people. Idempotent: natural keys, created once, never duplicated."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Organisation, User
from accounts.roles import Role

DEMO_PASSWORD = "demo1234"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoOrg:
    code: str
    name: str
    name_en: str
    kind: str
    region: str
    address: str
    phone: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    last_name: str
    first_name: str
    org: str
    roles: tuple[str, ...]
    phone: str = ""


ORGANISATIONS = [
    DemoOrg(
        "HQ",
        "售后服务部",
        "After-sales service department",
        "service_centre",
        "urban",
        "上海市浦东新区张江路 100 号",
        "021-50801234",
    ),
    DemoOrg(
        "D-SH01",
        "上海浦江经销服务站",
        "Shanghai Pujiang Dealer",
        "dealer",
        "urban",
        "上海市徐汇区漕溪北路 88 号",
        "021-64281111",
    ),
    DemoOrg(
        "D-SH02",
        "嘉定安亭特约维修站",
        "Jiading Anting Service Outlet",
        "dealer",
        "suburban",
        "上海市嘉定区安亭镇墨玉路 28 号",
        "021-69572222",
    ),
    DemoOrg(
        "D-ZJ01",
        "杭州钱塘经销有限公司",
        "Hangzhou Qiantang Dealer",
        "dealer",
        "other_province",
        "浙江省杭州市钱塘区下沙路 500 号",
        "0571-86903333",
    ),
    DemoOrg(
        "C-0001",
        "王秀英",
        "Wang Xiuying",
        "customer",
        "urban",
        "上海市静安区南京西路 1266 号 12 楼",
        "13801234567",
    ),
    DemoOrg(
        "C-0002",
        "上海申江物业管理有限公司",
        "Shenjiang Property Management",
        "customer",
        "suburban",
        "上海市闵行区莘庄镇都市路 3000 号",
        "13917654321",
    ),
]

USERS = [
    DemoUser("agent", "李", "娜", "HQ", (Role.AGENT,), "13800000001"),
    DemoUser("agent2", "周", "敏", "HQ", (Role.AGENT,), "13800000002"),
    DemoUser("supervisor", "张", "伟", "HQ", (Role.SUPERVISOR,), "13800000003"),
    DemoUser("supervisor2", "孙", "强", "HQ", (Role.SUPERVISOR,), "13800000004"),
    DemoUser("technician", "王", "磊", "HQ", (Role.TECHNICIAN,), "13800000005"),
    DemoUser("technician2", "刘", "洋", "HQ", (Role.TECHNICIAN,), "13800000006"),
    DemoUser("technician3", "陈", "杰", "HQ", (Role.TECHNICIAN,), "13800000007"),
    DemoUser("appraiser", "赵", "静", "HQ", (Role.APPRAISER,), "13800000008"),
    DemoUser("finance", "黄", "丽", "HQ", (Role.FINANCE,), "13800000009"),
    DemoUser("manager", "吴", "刚", "HQ", (Role.MANAGER,), "13800000010"),
    DemoUser("storekeeper", "郑", "红", "HQ", (Role.STOREKEEPER,), "13800000011"),
    DemoUser("dealer", "徐", "涛", "D-SH01", (Role.DEALER,), "13900000001"),
    DemoUser("dealer_tech", "马", "超", "D-SH01", (Role.DEALER, Role.TECHNICIAN), "13900000002"),
    DemoUser("dealer2", "朱", "琳", "D-SH02", (Role.DEALER,), "13900000003"),
    DemoUser("dealer2_tech", "胡", "斌", "D-SH02", (Role.DEALER, Role.TECHNICIAN), "13900000004"),
    DemoUser("dealer3", "郭", "勇", "D-ZJ01", (Role.DEALER,), "13900000005"),
    DemoUser("dealer3_tech", "何", "平", "D-ZJ01", (Role.DEALER, Role.TECHNICIAN), "13900000006"),
    DemoUser("customer", "王", "秀英", "C-0001", (Role.CUSTOMER,), "13801234567"),
    DemoUser("customer2", "林", "建国", "C-0002", (Role.CUSTOMER,), "13917654321"),
]

#: One login per role, shown by ``make run``.
DEMO_LOGINS: list[tuple[str, str]] = [
    (Role.AGENT, "agent"),
    (Role.SUPERVISOR, "supervisor"),
    (Role.TECHNICIAN, "technician"),
    (Role.DEALER, "dealer"),
    (Role.APPRAISER, "appraiser"),
    (Role.FINANCE, "finance"),
    (Role.MANAGER, "manager"),
    (Role.CUSTOMER, "customer"),
    (Role.STOREKEEPER, "storekeeper"),
]


@transaction.atomic
def seed() -> None:
    orgs: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "name_en": spec.name_en,
                "kind": spec.kind,
                "region": spec.region,
                "address": spec.address,
                "phone": spec.phone,
            },
        )
        orgs[spec.code] = org
    groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
    for person in USERS:
        user, created = User.objects.update_or_create(
            username=person.username,
            defaults={
                "last_name": person.last_name,
                "first_name": person.first_name,
                "organisation": orgs[person.org],
                "phone": person.phone,
                "email": f"{person.username}@demo.aftersales.local",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([groups[str(role)] for role in person.roles])


def describe_logins() -> str:
    lines = [f"Demo logins (password: {DEMO_PASSWORD}):"]
    lines += [f"  {Role(role).label:<12} {username}" for role, username in DEMO_LOGINS]
    return "\n".join(lines)
