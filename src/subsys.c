// SPDX-License-Identifier: GPL-2.0
/*
 * NVM subsystems (NVMe Base 1.5: an NVM subsystem is identified by its
 * NQN). Controllers that report the same SUBNQN join one subsystem object,
 * shown as nvme-subsysN with a link to each member controller, the way
 * libnvme expects to find them.
 */
#include <linux/slab.h>

#include "cnvme.h"

static DEFINE_MUTEX(cnv_subsys_lock);
static LIST_HEAD(cnv_subsystems);	/* protected by cnv_subsys_lock */

static void cnv_subsys_release(struct device *dev)
{
	struct cnv_subsys *subsys = container_of(dev, struct cnv_subsys, dev);

	cnv_ctrl_instance_free(subsys->instance);
	kfree(subsys);
}

/*
 * The SUBNQN the controller reports, or for controllers before NVMe 1.2.1
 * that report none, and those whose SUBNQN is not unique (the
 * ignore_dev_subnqn quirk), one made of the PCI vendor IDs, serial and
 * model, in the form the in-tree driver uses, so both name a subsystem
 * alike.
 */
static void cnv_subsys_nqn(char *nqn, const struct cnv_id_ctrl *id, bool use_device_nqn)
{
	size_t len = strnlen(id->subnqn, sizeof(id->subnqn));
	int off;

	if (use_device_nqn && len > 0 && len < CNV_NQN_SIZE) {
		memcpy(nqn, id->subnqn, len);
		nqn[len] = '\0';
		return;
	}
	off = snprintf(nqn, CNV_NQN_SIZE, "nqn.2014.08.org.nvmexpress:%04x%04x",
		       le16_to_cpu(id->vid), le16_to_cpu(id->ssvid));
	memcpy(nqn + off, id->sn, sizeof(id->sn));
	off += sizeof(id->sn);
	memcpy(nqn + off, id->mn, sizeof(id->mn));
	off += sizeof(id->mn);
	memset(nqn + off, 0, CNV_NQN_SIZE - off);
}

static struct cnv_subsys *cnv_subsys_find(const char *nqn)
{
	struct cnv_subsys *subsys;

	lockdep_assert_held(&cnv_subsys_lock);
	list_for_each_entry(subsys, &cnv_subsystems, entry)
		if (!strcmp(subsys->subnqn, nqn) && get_device(&subsys->dev))
			return subsys;
	return NULL;
}

static struct cnv_subsys *cnv_subsys_create(struct cnv_ctrl *ctrl,
					    const struct cnv_id_ctrl *id,
					    const char *nqn)
{
	struct cnv_subsys *subsys;
	int ret;

	subsys = kzalloc(sizeof(*subsys), GFP_KERNEL);
	if (!subsys)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&subsys->ctrls);
	/* The creating controller's number names the subsystem, as in-tree. */
	subsys->instance = ctrl->instance;
	subsys->vid = le16_to_cpu(id->vid);
	strscpy(subsys->subnqn, nqn, sizeof(subsys->subnqn));
	memcpy(subsys->model, id->mn, sizeof(subsys->model));
	memcpy(subsys->serial, id->sn, sizeof(subsys->serial));
	memcpy(subsys->firmware_rev, id->fr, sizeof(subsys->firmware_rev));

	device_initialize(&subsys->dev);
	subsys->dev.class = cnv_subsys_class;
	subsys->dev.release = cnv_subsys_release;
	subsys->dev.groups = cnv_subsys_attr_groups;
	ret = dev_set_name(&subsys->dev, "%s-subsys%d", cnv_names.prefix, subsys->instance);
	if (!ret)
		ret = device_add(&subsys->dev);
	if (ret) {
		put_device(&subsys->dev);
		return ERR_PTR(ret);
	}
	list_add_tail(&subsys->entry, &cnv_subsystems);
	return subsys;
}

/**
 * cnv_subsys_join() - put @ctrl in its subsystem, creating it if new
 * @ctrl: controller whose char device is registered
 * @id: its Identify Controller data
 *
 * A controller re-identified after a reset stays where it is.
 *
 * Return: 0 or a negative errno.
 */
int cnv_subsys_join(struct cnv_ctrl *ctrl, const struct cnv_id_ctrl *id)
{
	struct cnv_subsys *subsys;
	char *nqn;
	int ret = 0;

	if (ctrl->subsys)
		return 0;
	nqn = kzalloc(CNV_NQN_SIZE, GFP_KERNEL);
	if (!nqn)
		return -ENOMEM;
	cnv_subsys_nqn(nqn, id, !(ctrl->quirks & CNV_QUIRK_IGNORE_DEV_SUBNQN));

	mutex_lock(&cnv_subsys_lock);
	subsys = cnv_subsys_find(nqn);
	if (!subsys)
		subsys = cnv_subsys_create(ctrl, id, nqn);
	if (IS_ERR(subsys)) {
		ret = PTR_ERR(subsys);
		goto unlock;
	}
	ret = sysfs_create_link(&subsys->dev.kobj, &ctrl->device.kobj,
				dev_name(&ctrl->device));
	if (ret) {
		put_device(&subsys->dev);
		goto unlock;
	}
	list_add_tail(&ctrl->subsys_entry, &subsys->ctrls);
	ctrl->subsys = subsys;
unlock:
	mutex_unlock(&cnv_subsys_lock);
	kfree(nqn);
	return ret;
}

/**
 * cnv_subsys_leave() - take @ctrl out of its subsystem
 * @ctrl: controller being removed
 *
 * The last member's departure deletes the subsystem's device; the object
 * itself lives until its last reference goes.
 */
void cnv_subsys_leave(struct cnv_ctrl *ctrl)
{
	struct cnv_subsys *subsys = ctrl->subsys;

	if (!subsys)
		return;
	mutex_lock(&cnv_subsys_lock);
	sysfs_remove_link(&subsys->dev.kobj, dev_name(&ctrl->device));
	list_del(&ctrl->subsys_entry);
	if (list_empty(&subsys->ctrls)) {
		list_del(&subsys->entry);
		device_del(&subsys->dev);
	}
	mutex_unlock(&cnv_subsys_lock);
}

/**
 * cnv_subsys_owns_instance() - whether @ctrl's number now names its subsystem
 * @ctrl: controller being freed
 *
 * Such a number stays allocated until the subsystem is freed, so no new
 * controller can take it and collide with the subsystem's name.
 */
bool cnv_subsys_owns_instance(struct cnv_ctrl *ctrl)
{
	return ctrl->subsys && ctrl->subsys->instance == ctrl->instance;
}

/*
 * Every namespace of every controller, with its identifiers, so that a
 * new one cannot take identifiers another already has: udev's by-id
 * links, and multipath, rely on them naming one namespace.
 */
static DEFINE_MUTEX(cnv_ids_lock);
static LIST_HEAD(cnv_identified_namespaces);	/* by ids_entry, cnv_ids_lock */

static bool cnv_id_set(const u8 *id, size_t len)
{
	return memchr_inv(id, 0, len);
}

/* @a has a non-zero identifier equal to @b's of the same kind. */
static bool cnv_ids_meet(const struct cnv_ns_ids *a, const struct cnv_ns_ids *b)
{
	return (cnv_id_set(a->uuid, sizeof(a->uuid)) &&
		!memcmp(a->uuid, b->uuid, sizeof(a->uuid))) ||
	       (cnv_id_set(a->nguid, sizeof(a->nguid)) &&
		!memcmp(a->nguid, b->nguid, sizeof(a->nguid))) ||
	       (cnv_id_set(a->eui64, sizeof(a->eui64)) &&
		!memcmp(a->eui64, b->eui64, sizeof(a->eui64)));
}

/**
 * cnv_subsys_claim_ids() - list a new namespace's identifiers, unless taken
 * @ns: namespace about to get a disk; its controller has joined a subsystem
 * @shared: its NMIC says it may be attached to more controllers
 *
 * The same NSID of the same subsystem seen through another controller
 * is the same namespace. Any other namespace with one of @ns's non-zero
 * identifiers makes cnv_duplicate_ids_action() decide: the identifiers
 * are dropped and the controller marked bogus_nid, as the in-tree driver
 * does, or @ns gets no disk.
 *
 * Return: true if @ns may be added; cnv_subsys_release_ids() then undoes this.
 */
bool cnv_subsys_claim_ids(struct cnv_ns *ns, bool shared)
{
	struct cnv_ctrl *ctrl = ns->ctrl;
	bool other = false, own = false;
	struct cnv_ns *o;

	mutex_lock(&cnv_ids_lock);
	list_for_each_entry(o, &cnv_identified_namespaces, ids_entry) {
		if (!cnv_ids_meet(&ns->ids, &o->ids))
			continue;
		if (o->ctrl->subsys != ctrl->subsys)
			other = true;
		else if (o->nsid != ns->nsid)
			own = true;
	}
	switch (cnv_duplicate_ids_action(other, own, ctrl->cmic & CNV_CMIC_MULTI_CTRL, shared)) {
	case CNV_DUPLICATE_IDS_IGNORE:
		mutex_unlock(&cnv_ids_lock);
		dev_err(ctrl->dev, "%s: namespace %u ignored: another namespace has its identifiers\n",
			dev_name(&ctrl->device), ns->nsid);
		return false;
	case CNV_DUPLICATE_IDS_CLEAR:
		dev_err(ctrl->dev, "%s: namespace %u: identifiers cleared, another namespace has them; /dev/disk/by-id links may name the wrong disk\n",
			dev_name(&ctrl->device), ns->nsid);
		memset(ns->ids.eui64, 0, sizeof(ns->ids.eui64));
		memset(ns->ids.nguid, 0, sizeof(ns->ids.nguid));
		memset(ns->ids.uuid, 0, sizeof(ns->ids.uuid));
		/* Scans hold scan_lock, the only writers of quirks after the first identify. */
		WRITE_ONCE(ctrl->quirks, ctrl->quirks | CNV_QUIRK_BOGUS_NID);
		break;
	case CNV_DUPLICATE_IDS_NONE:
		break;
	}
	list_add_tail(&ns->ids_entry, &cnv_identified_namespaces);
	mutex_unlock(&cnv_ids_lock);
	return true;
}

/**
 * cnv_subsys_release_ids() - forget a namespace's identifiers
 * @ns: namespace that cnv_subsys_claim_ids() admitted
 */
void cnv_subsys_release_ids(struct cnv_ns *ns)
{
	mutex_lock(&cnv_ids_lock);
	list_del(&ns->ids_entry);
	mutex_unlock(&cnv_ids_lock);
}
