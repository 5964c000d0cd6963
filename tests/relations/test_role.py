"""Role: the constructions real articles use to introduce people (title chains, units, names).

Each sentence is wrapped in a tiny article (headline, the sentence, a filler sentence that holds
no facts) and run through the whole pipeline; a case is (sentence, expected (person, title, org)
records). Names and organizations are invented.
"""
from __future__ import annotations

import pytest

from kg.pipeline import extract, read_article

FILLER = "会议还就下一步工作进行了深入交流和讨论。"


def _roles(body: str, filler: str = FILLER) -> set[tuple[str, str, str]]:
    """The (person, title, org) records of a one-paragraph article."""
    relations, _ = extract(read_article("test", f"测试标题\n\n{body}{filler}"))
    return {(r.args["person"], r.args["title"], r.args["org"]) for r in relations if r.name == "role"}


# titles -------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ("星禾集团党委副书记、总经理钱卫东出席会议并讲话。",
     (("钱卫东", "党委副书记", "星禾集团"), ("钱卫东", "总经理", "星禾集团"))),
    ("星禾集团副董事长、总经理宫明轩，党委副书记、副总经理邵文清出席会议。",
     (("宫明轩", "副董事长", "星禾集团"), ("宫明轩", "总经理", "星禾集团"),
      ("邵文清", "党委副书记", "星禾集团"), ("邵文清", "副总经理", "星禾集团"))),
])
def test_role_splits_stacked_titles(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("蓝海集团党组成员、副总经理、蓝海国际董事长方志岚出席会议。",
     (("方志岚", "党组成员", "蓝海集团"), ("方志岚", "副总经理", "蓝海集团"), ("方志岚", "董事长", "蓝海国际"))),
    pytest.param("蓝海集团党组成员、副总经理，蓝海国际董事长方志岚出席会议。",
                 (("方志岚", "党组成员", "蓝海集团"), ("方志岚", "副总经理", "蓝海集团"), ("方志岚", "董事长", "蓝海国际"))),
])
def test_role_spreads_titles_across_two_orgs(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("青川县发改局柏松局长介绍了相关情况。", (("柏松", "局长", "青川县发改局"),)),
    ("星禾集团邵文清总经理介绍了公司发展情况。", (("邵文清", "总经理", "星禾集团"),)),
    ("星禾集团邵文清董事长、滨江大学宫明轩校长出席会议。",
     (("邵文清", "董事长", "星禾集团"), ("宫明轩", "校长", "滨江大学"))),
])
def test_role_reads_title_after_name(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("滨江市委常委、常务副市长宁泽涛，市委常委、市委教育工委书记俞佳音出席会议。",
     (("宁泽涛", "常委", "滨江市委"), ("宁泽涛", "常务副市长", "滨江市"),
      ("俞佳音", "常委", "滨江市委"), ("俞佳音", "书记", "滨江市委教育工委"))),
    ("滨江市委书记葛天佑，市委副书记、市长裴一鸣出席会议。",
     (("葛天佑", "书记", "滨江市委"), ("裴一鸣", "副书记", "滨江市委"), ("裴一鸣", "市长", "滨江市"))),
    ("青川县委常委、县委办主任柏松出席会议。",
     (("柏松", "常委", "青川县委"), ("柏松", "主任", "青川县委办"))),
])
def test_role_carries_org_along_list(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("青川县常务副县长柏文昊主持会议。", (("柏文昊", "常务副县长", "青川县"),)),
    ("星禾科技执行总裁窦思远表示，公司将加大投入。", (("窦思远", "执行总裁", "星禾科技"),)),
    ("共青团滨江市委书记处第一书记邝明哲出席活动。", (("邝明哲", "第一书记", "共青团滨江市委书记处"),)),
    ("智芯研究院首席科学家栾若溪介绍了研究进展。", (("栾若溪", "首席科学家", "智芯研究院"),)),
])
def test_role_reads_compound_titles(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("滨江市委书记葛天佑会见了代表团。", (("葛天佑", "书记", "滨江市委"),)),
    ("中共滨江市委书记葛天佑出席会议。", (("葛天佑", "书记", "中共滨江市委"),)),
    ("滨江市委书记葛天佑、市长裴一鸣出席会议。", (("葛天佑", "书记", "滨江市委"), ("裴一鸣", "市长", "滨江市"))),
    ("滨江市市长裴一鸣出席会议。", (("裴一鸣", "市长", "滨江市"),)),
])
def test_role_separates_party_committee_and_government(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("星禾集团芯片事业部总经理邵文清介绍了新产品。", (("邵文清", "总经理", "星禾集团芯片事业部"),)),
    ("星禾集团总经理柏松，芯片事业部总经理邵文清出席会议。",
     (("柏松", "总经理", "星禾集团"), ("邵文清", "总经理", "星禾集团芯片事业部"))),
    ("滨江市卫健委主任宫明轩，医政医管处处长柏松出席会议。",
     (("宫明轩", "主任", "滨江市卫健委"), ("柏松", "处长", "滨江市卫健委医政医管处"))),
    pytest.param("星禾集团总经理柏松介绍了合作内容，星禾集团芯片事业部总经理邵文清介绍了新产品情况。",
                 (("柏松", "总经理", "星禾集团"), ("邵文清", "总经理", "星禾集团芯片事业部"))),
    pytest.param("滨江大学党委书记柏松，计算机学院院长邵文清出席会议。",
                 (("柏松", "党委书记", "滨江大学"), ("邵文清", "院长", "滨江大学计算机学院"))),
])
def test_role_keeps_units_inside_titles(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("星禾科技常务副主任邵文清表示，公司看好市场前景。", (("邵文清", "常务副主任", "星禾科技"),)),
    ("星禾科技执行总监邵文清表示，公司看好市场前景。", (("邵文清", "执行总监", "星禾科技"),)),
    ("滨江大学常务副书记邵文清表示，学校将加强学科建设。", (("邵文清", "常务副书记", "滨江大学"),)),
    ("滨江大学执行院长邵文清表示，学校将加强学科建设。", (("邵文清", "执行院长", "滨江大学"),)),
    ("星禾科技副总经济师邵文清表示，公司看好市场前景。", (("邵文清", "副总经济师", "星禾科技"),)),
    pytest.param("青川县人民检察院副检察长邵文清介绍了相关情况。", (("邵文清", "副检察长", "青川县人民检察院"),)),
    pytest.param("青川县人民法院副庭长邵文清介绍了相关情况。", (("邵文清", "副庭长", "青川县人民法院"),)),
    pytest.param("滨江市实验幼儿园副园长邵文清介绍了相关情况。", (("邵文清", "副园长", "滨江市实验幼儿园"),)),
    pytest.param("星禾科技首席营销官邵文清介绍了相关情况。", (("邵文清", "首席营销官", "星禾科技"),)),
])
def test_role_finds_unseen_titles_by_morphology(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("鼎盛集团董事长宫明轩、副总裁谈若冰出席签约仪式。",
     (("宫明轩", "董事长", "鼎盛集团"), ("谈若冰", "副总裁", "鼎盛集团"))),
    ("鼎盛集团董事长、总裁宫明轩出席签约仪式。",
     (("宫明轩", "董事长", "鼎盛集团"), ("宫明轩", "总裁", "鼎盛集团"))),
    ("星禾集团董事长宫明轩，总经理谈若冰，副总经理邵文清出席会议。",
     (("宫明轩", "董事长", "星禾集团"), ("谈若冰", "总经理", "星禾集团"), ("邵文清", "副总经理", "星禾集团"))),
])
def test_role_shares_org_along_title_list(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("中国工程院院士辛博远、冉秋实出席论坛并作报告。",
     (("辛博远", "院士", "中国工程院"), ("冉秋实", "院士", "中国工程院"))),
    ("滨江大学校长宫明轩，副校长柏松、邵文清出席会议。",
     (("宫明轩", "校长", "滨江大学"), ("柏松", "副校长", "滨江大学"), ("邵文清", "副校长", "滨江大学"))),
])
def test_role_shares_title_across_listed_names(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    pytest.param("星禾集团总经理柏松和滨江大学副校长邵文清出席了签约仪式。",
                 (("柏松", "总经理", "星禾集团"), ("邵文清", "副校长", "滨江大学"))),
])
def test_role_reads_people_joined_by_conjunction(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    pytest.param("青川星禾微电子科技有限公司（以下简称“星禾”）总经理柏松表示，公司将加大投入。",
                 (("柏松", "总经理", "青川星禾微电子科技有限公司"),)),
])
def test_role_skips_declared_short_name(body, expected):
    assert _roles(body) == set(expected)


# names --------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ("星禾科技总经理柏松表示，公司将加大投入。", (("柏松", "总经理", "星禾科技"),)),
    ("星禾科技总经理窦思远表示，公司将加大投入。", (("窦思远", "总经理", "星禾科技"),)),
    ("星禾科技总经理欧阳晓峰表示，公司将加大投入。", (("欧阳晓峰", "总经理", "星禾科技"),)),
    ("星禾科技总经理赫连清远指出，要加快项目建设。", (("赫连清远", "总经理", "星禾科技"),)),
    ("星禾科技总经理诸葛云帆出席会议。", (("诸葛云帆", "总经理", "星禾科技"),)),
])
def test_role_reads_names_of_two_to_four_chars(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("出席会议的有星禾科技首席执行官彼得·霍夫曼。", (("彼得·霍夫曼", "首席执行官", "星禾科技"),)),
    ("星禾科技首席执行官彼得·霍夫曼，首席技术官安娜·科瓦奇。",
     (("彼得·霍夫曼", "首席执行官", "星禾科技"), ("安娜·科瓦奇", "首席技术官", "星禾科技"))),
    pytest.param("星禾科技首席执行官彼得·霍夫曼表示，公司看好中国市场。", (("彼得·霍夫曼", "首席执行官", "星禾科技"),)),
    pytest.param("星禾科技首席执行官彼得·霍夫曼在开幕式上致辞。", (("彼得·霍夫曼", "首席执行官", "星禾科技"),)),
    pytest.param("星禾科技首席执行官彼得·霍夫曼、首席技术官安娜·科瓦奇出席会议。",
                 (("彼得·霍夫曼", "首席执行官", "星禾科技"), ("安娜·科瓦奇", "首席技术官", "星禾科技"))),
    pytest.param("星禾科技董事长阿卜杜·热合曼表示，公司将加大投入。", (("阿卜杜·热合曼", "董事长", "星禾科技"),)),
])
def test_role_reads_foreign_names(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("星禾科技总经理柏松表示，公司将加大投入。", (("柏松", "总经理", "星禾科技"),)),
    ("星禾科技总经理邵文清指出，要加快项目建设。", (("邵文清", "总经理", "星禾科技"),)),
    ("星禾科技总经理司马南在开幕式上致辞。", (("司马南", "总经理", "星禾科技"),)),
    ("星禾科技董事长柏松当选为青川县半导体行业协会会长。",
     (("柏松", "董事长", "星禾科技"), ("柏松", "会长", "青川县半导体行业协会"))),
    pytest.param("星禾科技执行总裁窦思远发表主旨演讲。", (("窦思远", "执行总裁", "星禾科技"),)),
])
def test_role_ends_names_at_verbs(body, expected):
    assert _roles(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("星禾科技副总经理表示，公司将加大投入。", ()),
    ("青川县常务副县长介绍了全县经济运行情况。", ()),
    ("星禾集团董事长、总经理出席会议。", ()),
    ("滨江大学党委书记同时表示，要加强学科建设。", ()),
    ("青川县县长曾表示，要加快项目建设。", ()),
    pytest.param("滨江大学党委书记强调，要加强学科建设。", ()),
    pytest.param("滨江大学党委书记谈到，要加强学科建设。", ()),
    pytest.param("滨江大学党委书记明确，要加强学科建设。", ()),
])
def test_role_takes_no_word_as_name(body, expected):
    assert _roles(body) == set(expected)


# traditional characters ---------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ("星禾集團董事長邵文清表示，將加大研發投入。", (("邵文清", "董事長", "星禾集團"),)),
    ("濱江市衛健委醫政醫管處處長鄧國樑表示，將進一步規範醫療服務。",
     (("鄧國樑", "處長", "濱江市衛健委醫政醫管處"),)),
    pytest.param("星禾科技執行長蕭維綸表示，公司看好市場前景。", (("蕭維綸", "執行長", "星禾科技"),)),
])
def test_role_keeps_traditional_text(body, expected):
    assert _roles(body, filler="會議還就下一步工作進行了深入交流和討論。") == set(expected)


def test_role_group_department_belongs_to_the_group_named_before():
    # 集团财务部 after 星禾控股: 星禾控股 + 财务部, not 星禾控股集团财务部
    assert ("韦立群", "部长", "星禾控股财务部") in _roles(
        "星禾控股副总经理宫明轩，集团财务部部长韦立群等陪同调研。")


def test_role_election_names_its_body_once():
    roles = _roles("星禾集团董事长宫明轩当选为滨江新材料产业联盟理事长；滨江大学副校长邵文清、"
                   "滨江材料研究所所长韦立群当选为副理事长。")
    assert {("邵文清", "副理事长", "滨江新材料产业联盟"), ("韦立群", "副理事长", "滨江新材料产业联盟"),
            ("宫明轩", "理事长", "滨江新材料产业联盟")} <= roles


def test_role_appointment_to_a_body_named_before_in_full():
    roles = _roles("滨江材料研究所与星禾化学有限公司共建新型电池材料联合实验室。实验室由滨江材料研究所研究员"
                   "韦立群担任实验室主任，星禾化学有限公司研究院副院长邵文清担任常务副主任。")
    assert {("韦立群", "主任", "新型电池材料联合实验室"),
            ("邵文清", "常务副主任", "新型电池材料联合实验室")} <= roles


def test_role_center_listed_among_one_persons_posts_is_a_unit():
    assert ("韦立群", "主任", "滨江材料研究所技术转移中心") in _roles(
        "滨江材料研究所副所长、技术转移中心主任韦立群介绍了成果转化情况。")
    # a different person's center, after a person: not composed
    assert ("邵文清", "总监", "星禾留学中心") in _roles(
        "滨江教育咨询有限公司市场总监宫明轩、星禾留学中心总监邵文清出席。")


def test_role_work_title_in_book_brackets_keeps_the_clause():
    roles = _roles("星禾集团党委书记、董事长宫明轩作题为《坚定信心 精益管理》的工作报告，"
                   "党委副书记、总经理邵文清主持会议。")
    assert {("邵文清", "党委副书记", "星禾集团"), ("邵文清", "总经理", "星禾集团")} <= roles


@pytest.mark.parametrize("body, expected", [
    ("有关干部任免决定：韦立群任星禾集团党委委员。", {("韦立群", "党委委员", "星禾集团")}),
    ("经董事会研究决定，聘任邵文清为星禾集团总会计师，兼任财务总监。",
     {("邵文清", "总会计师", "星禾集团"), ("邵文清", "财务总监", "星禾集团")}),
    ("据介绍，宫明轩为滨江大学管理学院教授、博士生导师。",
     {("宫明轩", "教授", "滨江大学管理学院"), ("宫明轩", "博士生导师", "滨江大学管理学院")}),
])
def test_role_person_then_appointing_verb(body, expected):
    assert _roles(body) == expected


@pytest.mark.parametrize("body", [
    "研究会成立于2001年，宫明轩为创会会长。",                 # 创会 is no organization
    "他曾担任滨江大学管理学院副院长。",                       # 曾担 is no name
    "宫明轩还担任过星禾基金会会长。",                         # a past post
])
def test_role_person_then_verb_not_an_appointment(body):
    assert not _roles(body)


def test_role_board_appoints_for_its_company():
    roles = _roles("星禾精机（证券简称：星禾精机，证券代码：600001）召开股东大会，其中韦立群、邵文清、宫明轩"
                   "当选星禾精机第五届董事会独立董事。当日下午，星禾精机第五届董事会第一次会议召开。"
                   "会议选举柏松为第五届董事会董事长，选举谈若冰为副董事长；聘任钱卫东为总经理。")
    assert {("韦立群", "独立董事", "星禾精机"), ("邵文清", "独立董事", "星禾精机"),
            ("宫明轩", "独立董事", "星禾精机"), ("柏松", "董事长", "星禾精机"),
            ("谈若冰", "副董事长", "星禾精机"), ("钱卫东", "总经理", "星禾精机")} <= roles


def test_role_passive_appointment():
    assert ("韦立群", "执行院长", "星州县人民医院") in _roles("我院副院长韦立群被聘任为星州县人民医院执行院长。")


def test_role_name_before_an_adverb_of_place():
    assert ("韦立群", "行长", "星州分行樊城支行") in _roles("星州分行樊城支行行长韦立群现场发布了两款产品。")


def test_role_teaching_unit_under_the_college_named_before():
    roles = _roles("联合研发中心设在星州大学材料科学与工程学院，由学院无机非金属材料教研室主任、"
                   "博士生导师韦立群教授担任中心主任。")
    assert ("韦立群", "主任", "材料科学与工程学院无机非金属材料教研室") in roles \
        or ("韦立群", "主任", "星州大学材料科学与工程学院无机非金属材料教研室") in roles
    # an academic title is held at the college, not at its teaching unit
    assert not any(org.endswith("教研室") for _, title, org in roles if title in ("教授", "博士生导师"))


def test_role_field_of_study_is_no_organization():
    roles = _roles("星州医院眼科中心主任、眼科学学科带头人韦立群教授出席。")
    assert ("韦立群", "主任", "星州医院眼科中心") in roles
    assert not any(org == "眼科学" for _, _, org in roles)


def test_role_rare_surname_before_an_academic_honour():
    assert ("于静怡", "副校长", "星州科技大学") in _roles("星州科技大学副校长于静怡教授，星州区区长余卓然出席。")


def test_role_department_beside_a_department_joins_the_organization():
    roles = _roles("星州医科大学医院管理处处长韦立群、教务处副处长邵文清分别作了介绍。")
    assert ("邵文清", "副处长", "星州医科大学教务处") in roles


def test_role_subsidiary_named_after_its():
    assert ("宫明轩", "总经理", "星禾氢能装备有限公司") in _roles(
        "星禾氢能副总裁韦立群，以及其全资子公司星禾氢能装备有限公司总经理宫明轩陪同来访。")


def test_role_this_company_is_the_party_just_named():
    roles = _roles("星禾控股集团有限公司旗下星禾储能科技有限公司与星州经开区管委会签订了项目投资协议，"
                   "该公司总经理宫明轩出席。")
    assert ("宫明轩", "总经理", "星禾储能科技有限公司") in roles


@pytest.mark.parametrize("body, expected", [
    ("星禾科技副总裁韦立群、华南区域总经理邵文清等出席。", ("邵文清", "华南区域总经理", "星禾科技")),
    ("星禾锂业董事长宫明轩此前在业绩说明会上表示，公司将坚持双轮驱动。", ("宫明轩", "董事长", "星禾锂业")),
    ("星州证券新能源行业首席分析师韦立群认为，行业有望走出低谷。", ("韦立群", "新能源行业首席分析师", "星州证券")),
    ("星禾集团总裁韦立群、副总裁邵文清、数字科技研究院院长宫明轩出席。", ("宫明轩", "院长", "星禾集团数字科技研究院")),
])
def test_role_business_areas_adverbs_and_own_institutes(body, expected):
    assert expected in _roles(body)


def test_role_listed_person_known_elsewhere_keeps_own_post():
    roles = _roles("星禾集团数字科技研究院院长宫明轩出席。仪式上，星州大学计算机学院院长韦立群、宫明轩共同揭牌。")
    assert ("宫明轩", "院长", "星州大学计算机学院") not in roles


@pytest.mark.parametrize("body, expected", [
    ("星禾生物副总裁兼研究院院长韦立群介绍了方案。", ("韦立群", "院长", "星禾生物研究院")),
    ("星禾生物副总裁韦立群介绍了方案，市科技局高新处处长邵文清出席。", ("邵文清", "处长", "市科技局高新处")),
    ("本次大会由星州农业职业学院承办。开幕式由学院院长宫明轩主持。", ("宫明轩", "院长", "星州农业职业学院")),
    ("黔南州副州长韦立群，州政府秘书长邵文清出席。", ("邵文清", "秘书长", "黔南州政府")),
])
def test_role_second_posts_city_bureaus_and_generic_bodies(body, expected):
    assert expected in _roles(body)


@pytest.mark.parametrize("body, expected", [
    ("星州省工业和信息化厅党组书记、厅长韦立群率调研组赴星州。", ("韦立群", "厅长", "星州省工业和信息化厅")),
    ("调研组来到星州轨道交通牵引技术研究所，参观了试验线。该所副所长邵文清现场演示了平台。",
     ("邵文清", "副所长", "星州轨道交通牵引技术研究所")),
    ("星州科技农村商业银行股份有限公司（以下简称“星州科农行”）举行签约仪式。星州科农行党委书记、董事长宫明轩出席。",
     ("宫明轩", "董事长", "星州科农行")),
    ("星州大学党委副书记、校长韦立群，星禾集团董事长邵文清出席仪式，副校长宫明轩主持。",
     ("宫明轩", "副校长", "星州大学")),
])
def test_role_visits_passing_names_declared_names_and_title_kinds(body, expected):
    assert expected in _roles(body)
